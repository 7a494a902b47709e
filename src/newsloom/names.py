"""Word lists for telling people from places and titles in news text, and for a name's gender: what
:mod:`newsloom.compare.quotes` reads to find who is speaking and :mod:`newsloom.stories.identity` to show one
name once among a story's tags. English-language news; first names are common ones only
(a name not listed simply has no known gender)."""

from __future__ import annotations

__all__ = ["CAPITAL_PARTICLES", "FEMALE_NAMES", "FIRST_NAMES", "HONORIFICS", "JOINING", "LEAD_WORDS", "MALE_NAMES", "NICKNAMES",
           "NOT_NAME", "NOT_PERSON", "OFFICES", "OFFICE_WORDS", "OUTLETS", "PARTICLES", "PARTY_WORDS", "PLACE_LEADS",
           "ROLES", "ROLE_GENDER", "ROLE_KINDS", "SURNAME_PREFIXES", "TITLES", "TITLE_WORDS", "US_STATES"]

# Capitalised words that end a name: the name of an organisation or a place ('… Union', '… County').
NOT_PERSON = {"Corp", "Corp.", "Inc", "Inc.", "Ltd", "Ltd.", "LLC", "Co", "Co.", "Sea", "Union", "Ministry", "Council", "House", "Department", "Street", "Square", "Hall",
              "Party", "Force", "Forces", "Army", "Office", "Bank", "Agency", "News", "Times", "Post",
              "Press", "Company", "University", "Republic", "States", "Kingdom", "Nations", "Europe",
              "Peninsula", "Island", "Security", "Committee", "Court", "Group", "Club", "Day", "Monday",
              "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Project", "Topics",
              "Patrol", "Police", "Service", "Institute", "Foundation", "Association", "Corporation",
              "Administration", "Commission", "Board", "Center", "Centre", "Bureau", "Authority",
              "Organization", "Organisation", "Campaign", "Senate", "Congress", "Parliament", "Government",
              "Assembly", "Federation", "Network", "Journal", "Tribune", "Herald", "Guard", "Navy",
              "Command", "Station", "Airport", "Hospital", "School", "College", "Church", "Museum", "Fund",
              "Trust", "Industry", "Conference", "Address", "Garden", "Tower", "Doctrine", "Daughters",
              "County", "Hill", "Pipeline", "Monitor", "Coalition", "Caucus", "Capitol", "Room", "Town",
              "City", "Act", "Bill", "Amendment", "Partnership", "Agreement", "Treaty", "Program",
              "Programme", "Policy", "Plan", "Reform", "Review", "Report", "Magazine", "Show", "Tonight",
              "Avenue", "Road", "River", "Lake", "Mountain", "Mountains", "Valley", "Coast",
              "Bay", "Park", "Bridge", "Border", "Region", "Province", "District", "Pentagon", "Facebook",
              "Twitter", "Fairgrounds", "Initiative", "Alliance", "Movement", "Society"}
#: US states (and the District of Columbia): places, never speakers ('Democrat of New Jersey').
US_STATES = frozenset([
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
    "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska",
    "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota",
    "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
    "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin",
    "Wyoming", "District of Columbia",
])
TITLES = {"Secretary", "General", "President", "Minister", "Defense", "Defence", "Foreign", "Prime",
          "Chancellor", "Spokesman", "Spokeswoman", "Ambassador", "Senator", "Governor", "Mayor",
          "The", "A", "In", "On", "At", "But", "And", "However", "While", "Asked", "Speaking", "Kremlin",
          "Russian", "Ukrainian", "British", "German", "American", "French", "Canada's", "Russia's",
          "Ukraine's", "Western", "Belarusian", "Deputy", "Chief", "Vice", "Sky", "News", "NATO",
          "Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Rep.", "Sen.", "Gov.", "Capt.", "Gen.", "Lt.",
          "Col.", "Sgt.", "Rev.", "Prof.", "Justice", "Judge", "Jr", "Jr.", "Sr", "Sr.", "II", "III",
          "Before", "After", "When", "If", "As", "Since", "Although", "Though", "Because", "Until", "Then",
          "Now", "Earlier", "Later", "Last", "This", "That", "Democrat", "Republican", "Democratic", "Of",
          "Despite", "Former", "Representative", "Congressman", "Congresswoman", "Attorney",
          # plural titles and titles of office: 'Justices Kennedy', 'Special Agent Strzok'
          "Justices", "Senators", "Representatives", "Sens.", "Reps.", "Agent", "Special", "Speaker",
          "Leader", "Majority", "Minority", "Whip", "Chairman", "Chairwoman", "Director", "Counsel",
          "Commissioner", "Press", "Miss", "Independent", "Incoming", "Outgoing", "Acting",
          # words that open a sentence before a name: 'Yet AARP said', 'With Lee gone'
          "Yet", "With", "Without", "For", "From", "By", "To", "Under", "Over", "About", "Against", "Among",
          "Also", "Still", "So", "Even", "Only", "Just", "Meanwhile", "Instead", "Indeed", "Or", "Nor",
          "Both", "Including", "According", "Like", "Unlike", "Through", "During", "Where", "Whether", "Plus"}
# Capitalised words that join the words of a title, never those of a person's name.
JOINING = {"The", "A", "An", "In", "On", "At", "Of", "For", "From", "By", "To", "With", "And", "Or"}
# Capitalised words that open a sentence without naming anyone.
NOT_NAME = {"Those", "These", "This", "That", "It", "Its", "There", "Here", "What", "When", "Where", "Why",
            "How", "Who", "We", "I", "You", "If", "As", "So", "Then", "Now", "Some", "Many", "Most", "Others",
            "Officials", "Diplomats", "Analysts", "Experts", "Critics", "Sources", "Witnesses", "Residents",
            "Police", "Authorities", "Both", "All", "One", "Each", "Neither", "Nobody", "Everyone",
            "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
            "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December", "Today", "Yesterday", "Tonight"}
# Common first names by the pronoun they take: what tells "he" from "she" when no title does, and what tells a
# person's full name from a place or a group among a story's tags ('mitt romney' is 'romney'). Common English-
# language first names only, each mostly given to one sex. Left out: names that are as often unisex ('Jordan',
# 'Taylor', 'Casey', 'Leslie', 'Jamie', 'Robin', 'Terry', 'Dana', 'Lynn', 'Kerry'); names that are common places
# ('Paris', 'Austin', 'Dallas', 'Houston', 'Denver', 'Charlotte', 'Florence', 'Savannah', 'Madison', 'Phoenix',
# 'Sydney', 'Chelsea', 'Israel', 'Carolina', 'Eugene', 'Troy', 'Orlando', 'Alexandria', 'Regina', 'Helena',
# 'Vernon', 'Sidney', 'Franklin', 'Norman', 'Louis' (St. Louis), 'Lincoln', 'Cleveland', 'Georgia', 'Brooklyn',
# 'India', 'Asia'); common words a headline capitalises ('Will', 'Grant', 'Hope', 'Faith', 'Joy', 'Rose', 'Lily',
# 'Holly', 'Ruby', 'Dawn', 'Crystal', 'Amber', 'Hunter', 'Chase', 'Guy', 'Earl', 'Dean', 'Duke', 'King', 'Major',
# 'Christian', 'Angel', 'Summer', 'April', 'May', 'June', 'Sterling', 'Rusty', 'Sandy', 'Destiny', 'Miles',
# 'Wade', 'Cliff', 'Price', 'Pat', 'Sue', 'Don', 'Art', 'Rich', 'Gene', 'Buck', 'Chip', 'Stan', 'Penny', 'Ginger',
# 'Daisy', 'Rex', 'Max', 'Oscar', 'Jan' (the month), 'Al' ('Al Qaeda'), 'Mia' and 'Ada' (acronyms), 'Muhammad'
# (the prophet)); and surnames of presidents and other names often run together with the next name in a list
# ('Carter', 'Kennedy', 'Clinton', 'Reagan', 'Ford', 'Nixon', 'Truman', 'Johnson', 'Jackson', 'Tyler', 'Monroe',
# 'Wilson', 'Lee', 'Marshall', 'Warren', 'Morgan', 'Parker', 'Cooper', 'Mason', 'Spencer', 'Graham', 'Ryan',
# 'Stanley'): 'carter obama' is two people, not a first name and a surname. Kept from before though a place too:
# 'Virginia', 'Victoria' (women's names first in quotes' gender; a tag ends at a state: 'virginia' before a
# surname is rare).
FEMALE_NAMES = frozenset([
    "Abigail", "Adele", "Adrienne", "Agnes", "Aileen", "Alexa", "Alexandra", "Alexis", "Alice", "Alicia", "Alison",
    "Allison", "Alma", "Alyssa", "Amanda", "Amelia", "Amy", "Ana", "Andrea", "Angela", "Angelina", "Anita", "Ann",
    "Anna", "Anne", "Annette", "Annie", "Antoinette", "Antonia", "Arlene", "Audrey", "Ava", "Ayanna", "Barbara",
    "Beatrice", "Becky", "Belinda", "Bernadette", "Beth", "Betsy", "Betty", "Beverly", "Bonnie", "Brenda",
    "Bridget", "Brittany", "Brooke", "Camila", "Candace", "Carla", "Carly", "Carmen", "Carol", "Carole",
    "Caroline", "Carolyn", "Carrie", "Cassandra", "Catherine", "Cathy", "Cecilia", "Celia", "Charlene", "Cheryl",
    "Chloe", "Christina", "Christine", "Cindy", "Claire", "Clara", "Claudia", "Colleen", "Connie", "Constance",
    "Cora", "Corinne", "Cynthia", "Danielle", "Darlene", "Deborah", "Debra", "Deirdre", "Delores", "Denise",
    "Diana", "Diane", "Dianne", "Dolores", "Donna", "Doris", "Dorothy", "Edith", "Eileen", "Elaine", "Eleanor",
    "Elena", "Elisabeth", "Elise", "Eliza", "Elizabeth", "Ella", "Ellen", "Eloise", "Elsa", "Emily", "Emma",
    "Erica", "Erika", "Erin", "Esther", "Ethel", "Eva", "Evelyn", "Felicia", "Fiona", "Frances", "Gabriela",
    "Gabrielle", "Gail", "Gina", "Gladys", "Glenda", "Gloria", "Grace", "Gretchen", "Gwen", "Gwendolyn", "Hannah",
    "Harriet", "Heather", "Heidi", "Helen", "Hillary", "Ilhan", "Ingrid", "Irene", "Isabel", "Isabella",
    "Jacqueline", "Jane", "Janet", "Janice", "Jean", "Jeanette", "Jeanne", "Jennifer", "Jenny", "Jessica", "Jill",
    "Joan", "Joann", "Joanna", "Joanne", "Jocelyn", "Josephine", "Joyce", "Judith", "Judy", "Julia", "Juliana",
    "Julie", "Juliet", "Kamala", "Karen", "Karin", "Kate", "Katharine", "Katherine", "Kathleen", "Kathryn",
    "Kathy", "Katie", "Katrina", "Kay", "Kayla", "Kelly", "Kellyanne", "Kim", "Kimberly", "Kirsten", "Kristen",
    "Kristi", "Kristin", "Kristina", "Krystal", "Lara", "Laura", "Lauren", "Laurie", "Leah", "Lena", "Linda",
    "Lindsay", "Lisa", "Liz", "Lois", "Loretta", "Lori", "Lorraine", "Louise", "Lucia", "Lucille", "Lucy", "Lydia",
    "Madeleine", "Madeline", "Maggie", "Mandy", "Marcia", "Margaret", "Margarita", "Maria", "Mariah", "Marian",
    "Marianne", "Marie", "Marilyn", "Marisa", "Marjorie", "Marlene", "Marsha", "Martha", "Mary", "Maureen",
    "Maxine", "Megan", "Meghan", "Melania", "Melanie", "Melinda", "Melissa", "Michele", "Michelle", "Mildred",
    "Miriam", "Molly", "Monica", "Nadia", "Nancy", "Naomi", "Natalie", "Natasha", "Nell", "Nicole", "Nikki",
    "Nina", "Nora", "Norma", "Olga", "Olivia", "Paige", "Pamela", "Patricia", "Patty", "Paula", "Pauline", "Peggy",
    "Penelope", "Phyllis", "Priscilla", "Rachel", "Rebecca", "Renee", "Rhonda", "Rita", "Roberta", "Rosa",
    "Rosalind", "Rosemary", "Roxanne", "Ruth", "Sabrina", "Sally", "Samantha", "Sandra", "Sara", "Sarah", "Sharon",
    "Sheila", "Shelley", "Sheryl", "Shirley", "Sonia", "Sophia", "Sophie", "Stacey", "Stephanie", "Susan",
    "Susanne", "Suzanne", "Sylvia", "Tamara", "Tammy", "Tanya", "Tara", "Teresa", "Theresa", "Tiffany", "Tina",
    "Tonya", "Tulsi", "Ursula", "Valerie", "Vanessa", "Vera", "Veronica", "Vicki", "Vickie", "Victoria",
    "Virginia", "Vivian", "Wanda", "Wendy", "Whitney", "Yvonne", "Zoe",
    # written with an accent: Spanish, Portuguese and French ones
    "María", "Sofía", "Lucía", "Inés", "Mónica", "Verónica", "Ángela", "Raquel", "Belén", "Begoña",
    "Conceição", "Hélène", "Céline", "Valérie", "Zoé",
])
MALE_NAMES = frozenset([
    "Aaron", "Abraham", "Adam", "Adrian", "Alan", "Albert", "Alberto", "Alex", "Alexander", "Alfred", "Allen",
    "Alvin", "Andre", "Andrew", "Andy", "Angus", "Anthony", "Antonin", "Antonio", "Archie", "Arnold", "Arthur",
    "Barack", "Barry", "Ben", "Benjamin", "Bernard", "Bernie", "Beto", "Bill", "Billy", "Bob", "Bobby", "Boris",
    "Brad", "Bradley", "Brendan", "Brent", "Brett", "Brian", "Bruce", "Bryan", "Byron", "Calvin", "Carl", "Carlos",
    "Cecil", "Charles", "Charlie", "Chris", "Christopher", "Chuck", "Clarence", "Claude", "Clifford", "Cody",
    "Colin", "Conor", "Corey", "Cory", "Craig", "Curtis", "Dan", "Daniel", "Danny", "Darrell", "Darren", "Dave",
    "David", "Dennis", "Derek", "Devin", "Dick", "Dmitry", "Dominic", "Donald", "Doug", "Douglas", "Drew",
    "Duncan", "Dustin", "Dwight", "Ed", "Eddie", "Edgar", "Edward", "Edwin", "Elijah", "Elliot", "Elliott",
    "Emmanuel", "Eric", "Erik", "Ernest", "Ethan", "Evan", "Felix", "Fernando", "Floyd", "Francis", "Francisco",
    "Frank", "Fred", "Frederick", "Gabriel", "Gary", "Gavin", "Geoffrey", "George", "Gerald", "Gilbert", "Glenn",
    "Gordon", "Greg", "Gregory", "Harold", "Harry", "Harvey", "Hector", "Henry", "Herbert", "Howard", "Hugh",
    "Hugo", "Ian", "Isaac", "Ivan", "Jack", "Jacob", "Jake", "James", "Jared", "Jason", "Javier", "Jay", "Jeb",
    "Jeff", "Jeffrey", "Jens", "Jeremy", "Jerome", "Jerry", "Jesse", "Jim", "Jimmy", "Joe", "Joel", "John",
    "Johnny", "Jon", "Jonathan", "Jorge", "Jose", "Joseph", "Joshua", "Juan", "Julian", "Justin", "Karl", "Keith",
    "Ken", "Kenneth", "Kevin", "Kurt", "Kyle", "Larry", "Lawrence", "Leo", "Leon", "Leonard", "Lindsey", "Lloyd",
    "Luis", "Luke", "Malcolm", "Manuel", "Marco", "Marcus", "Mario", "Mark", "Martin", "Marvin", "Matt", "Matthew",
    "Maurice", "Melvin", "Michael", "Mick", "Mike", "Mitch", "Mitchell", "Mitt", "Nathan", "Nathaniel", "Neil",
    "Nicholas", "Nick", "Nigel", "Noah", "Olaf", "Oliver", "Owen", "Patrick", "Paul", "Pedro", "Pete", "Peter",
    "Phil", "Philip", "Phillip", "Rahm", "Ralph", "Rand", "Randall", "Randy", "Raul", "Reginald", "Reince",
    "Ricardo", "Richard", "Rick", "Ricky", "Rob", "Robert", "Roberto", "Rodney", "Roger", "Roland", "Ron",
    "Ronald", "Ronnie", "Ross", "Roy", "Rudy", "Russ", "Salvador", "Sam", "Samuel", "Scott", "Sean", "Sergei",
    "Sergio", "Seth", "Shane", "Shaun", "Simon", "Stephen", "Steve", "Steven", "Stuart", "Ted", "Terrence",
    "Theodore", "Thomas", "Tim", "Timothy", "Tobias", "Todd", "Tom", "Tommy", "Tony", "Travis", "Trevor",
    "Vincent", "Vladimir", "Volodymyr", "Walter", "Wayne", "Wesley", "Willard", "William", "Willie", "Xavier",
    "Zachary",
    # written with an accent: Spanish, Portuguese and French ones
    "Andrés", "José", "Jesús", "Ramón", "Julián", "Sebastián", "Martín", "Joaquín", "Rubén", "Raúl", "Iván",
    "Víctor", "Héctor", "Tomás", "Nicolás", "Agustín", "Álvaro", "Ángel", "Adrián", "Óscar", "Germán",
    "Hernán", "Fabián", "Darío", "Cristóbal", "João", "Sérgio", "Fábio", "Antônio", "François", "Jérôme",
    "Frédéric", "Éric", "Stéphane", "Sébastien", "Raphaël", "Gérard", "André",
])
HONORIFICS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
# Short forms of first names: 'Liz Cheney' is 'Elizabeth Cheney', 'Mike Lee' is 'Michael Lee'.
NICKNAMES = {"liz": "elizabeth", "beth": "elizabeth", "betsy": "elizabeth", "mike": "michael",
             "bill": "william", "will": "william", "bob": "robert", "rob": "robert", "dick": "richard",
             "rick": "richard", "jim": "james", "jimmy": "james", "chuck": "charles", "charlie": "charles",
             "joe": "joseph", "tom": "thomas", "ted": "edward", "ed": "edward", "dan": "daniel",
             "dave": "david", "steve": "stephen", "pat": "patrick", "tony": "anthony", "nick": "nicholas",
             "chris": "christopher", "matt": "matthew", "andy": "andrew", "alex": "alexander",
             "sam": "samuel", "ben": "benjamin", "kate": "katherine", "katie": "katherine", "don": "donald",
             "ron": "ronald", "greg": "gregory", "jeff": "jeffrey", "larry": "lawrence", "jack": "john",
             "sue": "susan", "jen": "jennifer", "peggy": "margaret", "meg": "margaret"}
# Lower-case words that may open a clause before its subject: 'former Vice President Dick Cheney said'.
LEAD_WORDS = {"former", "the", "then", "but", "and", "also", "later", "incoming", "top", "senior", "so",
              "yet"}
# Roles a person is introduced with ('former Vice President Dick Cheney', 'Ann Lee, the port's lawyer,')
# and later named by alone ('the former vice president said'), each to the kind of role it is. Two
# words are one role where the last alone names another ('vice president' is no 'president');
# otherwise a role is its last word ('Foreign Minister Brandt' is 'the minister').
ROLES = {
    "president": "president", "vice president": "vice president", "prime minister": "prime minister",
    "secretary-general": "secretary-general", "secretary general": "secretary-general",
    "attorney general": "attorney general", "secretary of state": "secretary of state",
    "press secretary": "press secretary", "secretary": "secretary", "minister": "minister",
    "chancellor": "chancellor", "senator": "senator", "sen.": "senator", "representative": "representative",
    "rep.": "representative", "congressman": "representative", "congresswoman": "representative",
    "governor": "governor", "gov.": "governor", "mayor": "mayor", "attorney": "lawyer", "lawyer": "lawyer",
    "spokesman": "spokesperson", "spokeswoman": "spokesperson", "spokesperson": "spokesperson",
    "judge": "judge", "justice": "justice", "chairman": "chair", "chairwoman": "chair", "ambassador": "ambassador",
    "director": "director", "commissioner": "commissioner", "prosecutor": "prosecutor", "sheriff": "sheriff",
    "candidate": "candidate", "nominee": "nominee", "speaker": "speaker", "leader": "leader",
    "legislator": "legislator", "lawmaker": "lawmaker", "general": "general", "gen.": "general",
    "chief executive": "chief executive", "ceo": "chief executive", "founder": "founder",
}
# A role someone may be named by that covers several kinds of introduction: 'the lawmaker' may be
# the senator or the representative the article introduced.
ROLE_KINDS = {"lawmaker": {"lawmaker", "legislator", "senator", "representative"},
              "legislator": {"lawmaker", "legislator", "senator", "representative"}}
# Roles that say the person's gender.
ROLE_GENDER = {"spokesman": "m", "spokeswoman": "f", "congressman": "m", "congresswoman": "f", "chairman": "m",
               "chairwoman": "f"}

# News outlets: never the speaker of a quote ('told HuffPost', '"…," CNN reported'). Not "Bloomberg",
# "Fox" or "Time": also people's names.
OUTLETS = frozenset([
    "HuffPost", "Huffington Post", "The Huffington Post", "CNN", "MSNBC", "CNBC", "NBC", "NBC News", "ABC",
    "ABC News", "CBS", "CBS News", "Fox News", "Fox Business", "NPR", "PBS", "BBC", "Reuters", "AP",
    "Associated Press", "The Associated Press", "AFP", "Politico", "Axios", "Times", "New York Times",
    "The New York Times", "Washington Post", "The Washington Post", "Wall Street Journal",
    "The Wall Street Journal", "USA Today", "Newsweek", "TIME", "The Hill", "Breitbart",
    "BuzzFeed", "BuzzFeed News", "Yahoo News", "Sky News", "The Guardian", "Guardian", "Daily Mail",
    "The Atlantic", "Vox", "Slate", "Salon", "Mother Jones", "The Daily Beast", "Daily Beast",
    "National Enquirer", "The National Enquirer", "Los Angeles Times", "Chicago Tribune", "Boston Globe",
])

# Capitalised words that may stand before a name as a title or a description ('Captain Luis Ortega',
# 'Pastor Ann Lee'): never the first word of a person's three-word name.
TITLE_WORDS = frozenset([
    "Captain", "Officer", "Detective", "Sergeant", "Lieutenant", "Corporal", "Private", "Major", "Colonel",
    "Admiral", "Commander", "Marshal", "Inspector", "Constable", "Trooper", "Deputy", "Chief", "Pastor",
    "Father", "Brother", "Sister", "Mother", "Bishop", "Archbishop", "Cardinal", "Pope", "Rabbi", "Imam",
    "Reverend", "Rev", "Coach", "Professor", "Doctor", "Nurse", "King", "Queen", "Prince", "Princess",
    "Lord", "Lady", "Sir", "Dame", "Emir", "Sheikh", "Ayatollah", "Sultan", "Councilman", "Councilwoman",
    "Councillor", "Councilor", "Alderman", "Assemblyman", "Assemblywoman", "Delegate", "Trustee", "Sheriff",
    "Prosecutor", "Ambassador", "Envoy", "Pilot", "Firefighter", "Editor", "Columnist", "Host", "Anchor",
    "Author", "Activist", "Candidate", "Nominee", "Gen", "Adm", "Cmdr", "Supt", "Superintendent",
    "Principal", "Dean", "Chairman", "Chairwoman", "Lawmaker", "Legislator", "Spokesperson", "Aide",
    "Adviser", "Advisor", "Officials", "Official", "Justice", "Judge", "Magistrate", "Mayor", "Dr",
    "Comrade", "Elder", "Saint", "St", "Mr", "Mrs", "Ms", "Miss", "Madam", "Mister", "Uncle", "Aunt",
    "Journalist", "Reporter", "Writer", "Analyst", "Economist", "Strategist", "Pollster", "Commentator",
    "Blogger", "Historian", "Scholar", "Producer", "Photographer", "Singer", "Actor", "Actress", "Comedian",
    "Rapper", "Businessman", "Businesswoman", "Billionaire", "Entrepreneur", "Challenger", "Incumbent",
    "Rival", "Opponent", "Veteran", "Lawyer", "Attorney", "Novelist", "Filmmaker", "Conservative",
    "Liberal", "Progressive", "Democrat", "Republican", "Independent", "Former", "State", "Pro", "Tem",
])

# Capitalised words naming a person by party or politics ('a Democrat', 'the Tory'): their plural counts people,
# never a team ('the 20-30 Democrats' are some of a party's members, 'the 0-14 Lions' a team with its record).
PARTY_WORDS = frozenset(["Democrat", "Republican", "Conservative", "Liberal", "Progressive", "Independent",
                         "Libertarian", "Socialist", "Communist", "Tory"])

# Lower-case words inside a surname: 'Bill de Blasio', 'Ursula von der Leyen', 'Mohammed bin Salman'. Capitalised,
# after a first name, the ones in ``CAPITAL_PARTICLES`` are too ('Chris Van Hollen'); not 'Al' or 'Bin' ('Al Gore').
PARTICLES = frozenset(["de", "del", "della", "der", "den", "di", "da", "dos", "das", "du", "van", "von", "ter", "ten",
                       "le", "la", "bin", "ibn", "al", "el"])
# Lower-case prefixes written onto a surname, maybe with a hyphen: 'diGenova', 'al-Assad'.
SURNAME_PREFIXES = ("del", "di", "de", "da", "du", "la", "le", "al", "el")
CAPITAL_PARTICLES = frozenset(["De", "Del", "Della", "Der", "Di", "Da", "Dos", "Du", "Van", "Von", "Ter", "Le", "La"])
# Capitalised words before a particle that make a place of the name, not a person: 'Rio de Janeiro', 'Tour de France'.
PLACE_LEADS = frozenset([
    "Rio", "San", "Santa", "Santo", "Sao", "São", "Costa", "Puerto", "Porto", "Port", "Tour", "Casa", "Banco",
    "Palais", "Notre", "Champs", "Cirque", "Plaza", "Playa", "Sierra", "Ciudad", "Isla", "Villa", "Mont", "Lake",
    "Los", "Las", "El", "La", "Le", "Del", "Hotel", "Rue", "Place", "Museo", "Cape", "Cap", "Fort", "Saint", "St",
    "Bois", "Gare", "Arc", "Avenida", "Grand", "Cote", "Côte", "Universidad", "Pays", "Ile", "Île",
])
# The words of a department or an office after a title and "of": 'Secretary of State Ann Lowry' (whose name is
# the words after them), 'Secretary of State Clinton' (a surname alone).
OFFICES = frozenset([
    "State", "Defense", "Defence", "Interior", "Treasury", "Justice", "Commerce", "Labor", "Labour", "Energy",
    "Education", "Agriculture", "Transportation", "Health", "Human", "Services", "Housing", "Urban", "Development",
    "Veterans", "Affairs", "Homeland", "Security", "National", "Intelligence", "Staff", "House", "Foreign",
    "Home", "Finance", "Economy", "Trade", "War", "Navy", "Army", "Air", "Force", "Joint", "Chiefs", "Environment",
    "Protection", "Management", "Budget", "Office", "Investigation", "Central", "Agency", "Police", "Public",
    "Safety", "Baseball", "Communications", "Policy", "Council", "Representatives", "Commons", "Lords",
])
# Every first name, of either gender.
FIRST_NAMES = FEMALE_NAMES | MALE_NAMES
# The words of an office that name no one: those of ``OFFICES`` that are no first name.
OFFICE_WORDS = OFFICES - FIRST_NAMES
