"""``python -m newsloom`` runs the CLI."""

from newsloom.cli import main

if __name__ == "__main__":  # run as a program only (multiprocessing's spawn leaves a package's __main__ alone)
    main()
