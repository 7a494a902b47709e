"""Word lists for telling people from places and titles in news text, and for a name's gender: what
:mod:`newsloom.compare.quotes` reads to find who is speaking and :mod:`newsloom.stories.identity` to show one
name once among a story's tags. English-language news; first names are common ones only
(a name not listed simply has no known gender)."""

from __future__ import annotations

__all__ = ["FEMALE_NAMES", "HONORIFICS", "JOINING", "LEAD_WORDS", "MALE_NAMES", "NICKNAMES", "NOT_NAME", "NOT_PERSON",
           "ROLES", "ROLE_GENDER", "ROLE_KINDS", "TITLES", "US_STATES"]

# Capitalised words that end a name: the name of an organisation or a place ('… Union', '… County').
NOT_PERSON = {"Sea", "Union", "Ministry", "Council", "House", "Department", "Street", "Square", "Hall",
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
# Common first names by the pronoun they take: what tells "he" from "she" when no title does.
FEMALE_NAMES = frozenset([
    "Alice", "Amanda", "Amy", "Angela", "Ann", "Anna", "Anne", "Barbara", "Betty", "Carol", "Caroline",
    "Catherine", "Christine", "Claire", "Deborah", "Diane", "Dianne", "Donna", "Dorothy", "Elena",
    "Elizabeth", "Ellen", "Emily", "Emma", "Eva", "Grace", "Hannah", "Heather", "Helen", "Hillary",
    "Jane", "Janet", "Jean", "Jennifer", "Jessica", "Joan", "Joanna", "Judith", "Julia", "Julie",
    "Karen", "Kate", "Katherine", "Katie", "Kay", "Kathleen", "Kelly", "Kim", "Kirsten", "Laura",
    "Linda", "Lisa", "Liz", "Lois", "Lucy", "Margaret", "Maria", "Marie", "Martha", "Mary", "Megan",
    "Melania", "Melissa", "Michelle", "Nancy", "Nicole", "Nikki", "Olga", "Pamela", "Patricia",
    "Rachel", "Rebecca", "Ruth", "Sally", "Samantha", "Sandra", "Sara", "Sarah", "Sharon", "Shelley",
    "Sonia", "Sophie", "Stephanie", "Susan", "Susanne", "Teresa", "Theresa", "Ursula", "Valerie",
    "Victoria", "Virginia", "Wendy",
])
MALE_NAMES = frozenset([
    "Adam", "Alan", "Albert", "Alexander", "Andrew", "Anthony", "Antonin", "Arthur", "Barack", "Ben",
    "Benjamin", "Bernie", "Bill", "Bob", "Boris", "Brian", "Carl", "Charles", "Chris", "Christopher",
    "Chuck", "Clarence", "Daniel", "David", "Dennis", "Dick", "Donald", "Douglas", "Drew", "Ed",
    "Edward", "Emmanuel", "Eric", "Frank", "Gary", "George", "Gregory", "Harry", "Henry", "Jack",
    "James", "Jason", "Jeff", "Jeffrey", "Jens", "Jim", "Joe", "John", "Johnny", "Jonathan", "Joseph",
    "Justin", "Keith", "Ken", "Kenneth", "Kevin", "Larry", "Lindsey", "Mark", "Matthew", "Michael",
    "Mike", "Mitch", "Neil", "Nicholas", "Olaf", "Patrick", "Paul", "Peter", "Philip", "Ralph",
    "Richard", "Robert", "Roger", "Ron", "Ronald", "Samuel", "Scott", "Sergei", "Stephen", "Steve",
    "Steven", "Ted", "Theodore", "Thomas", "Tim", "Timothy", "Tom", "Vladimir", "Volodymyr", "Walter",
    "William",
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
