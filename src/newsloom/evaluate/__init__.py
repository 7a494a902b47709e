"""Evaluations of newsloom's stages on public datasets (see each module: ``extraction``, ...)."""
