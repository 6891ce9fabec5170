"""Word lists of the behavioural suite (``classifier.evaluation.behaviour``), written for it.

Movie-review vocabulary, neutral statements, and group words for the fairness tests. The suite
draws its sentences from these; nothing here is used to train or to serve the model.
"""

MOVIES = ["movie", "film", "picture", "sequel", "remake", "documentary", "thriller", "comedy"]
# Things other than movies: people type about those too, and a model should not need the word
# "movie" to read a sentence.
THINGS = [
    "flight", "hotel", "phone", "restaurant", "service", "staff", "meal", "app", "seat",
    "delivery", "concert", "book",
]  # fmt: skip
PARTS = [
    "acting", "plot", "script", "soundtrack", "cinematography", "cast", "ending", "dialogue",
    "direction", "story", "pacing", "screenplay", "score", "editing", "lead performance",
]  # fmt: skip

POSITIVE_ADJECTIVES = [
    "good", "great", "excellent", "wonderful", "amazing", "fantastic", "brilliant", "superb",
    "enjoyable", "delightful", "beautiful", "lovely", "charming", "moving", "touching",
    "gripping", "engaging", "entertaining", "impressive", "outstanding", "terrific",
    "magnificent", "stunning", "memorable", "hilarious", "clever", "witty", "thrilling",
    "compelling", "powerful", "perfect", "nice", "solid", "awesome", "incredible", "marvelous",
    "exceptional", "heartwarming", "refreshing", "captivating", "riveting", "remarkable",
    "splendid", "fun", "sweet", "smart", "inspiring", "uplifting", "masterful", "fabulous",
]  # fmt: skip
NEGATIVE_ADJECTIVES = [
    "bad", "terrible", "awful", "horrible", "boring", "dull", "poor", "weak", "stupid", "dumb",
    "lame", "mediocre", "disappointing", "pathetic", "dreadful", "atrocious", "tedious", "bland",
    "forgettable", "pointless", "clumsy", "annoying", "ridiculous", "predictable", "messy",
    "confusing", "shallow", "tiresome", "unwatchable", "painful", "abysmal", "lousy",
    "horrendous", "laughable", "overrated", "uninspired", "lifeless", "sloppy", "cheesy",
    "miserable", "awkward", "incoherent", "amateurish", "clichéd", "bloated", "unbearable",
    "insufferable", "hollow", "tacky", "disastrous",
]  # fmt: skip
NEUTRAL_ADJECTIVES = [
    "animated", "silent", "foreign", "independent", "black and white", "historical", "modern",
    "recent", "old", "short", "long", "Canadian", "European", "regional", "musical", "experimental",
    "political", "religious", "rural", "urban", "official", "commercial", "international",
    "private", "public", "local", "national", "domestic", "French", "Spanish",
]  # fmt: skip
POSITIVE_VERBS = [
    "loved", "liked", "enjoyed", "adored", "admired", "appreciated", "treasured", "cherished",
    "savored", "relished",
]  # fmt: skip
NEGATIVE_VERBS = [
    "hated", "disliked", "despised", "detested", "loathed", "resented", "regretted", "abhorred",
    "dreaded", "deplored",
]  # fmt: skip
POSITIVE_PRESENT_VERBS = ["love", "like", "enjoy", "adore", "admire", "recommend", "appreciate"]
NEGATIVE_PRESENT_VERBS = ["hate", "dislike", "despise", "detest", "loathe", "regret", "resent"]
POSITIVE_NOUNS = [
    "masterpiece", "gem", "triumph", "delight", "treat", "joy", "classic", "winner",
    "pleasure", "marvel",
]  # fmt: skip
NEGATIVE_NOUNS = [
    "disaster", "mess", "failure", "waste of time", "letdown", "bore", "disgrace", "travesty",
    "dud", "flop",
]  # fmt: skip
INTENSIFIERS = [
    "really", "very", "extremely", "incredibly", "truly", "absolutely", "so", "remarkably",
    "exceptionally", "thoroughly",
]  # fmt: skip
REDUCERS = [
    "somewhat", "slightly", "a little", "fairly", "kind of", "sort of", "mildly",
    "a bit", "rather", "moderately",
]  # fmt: skip
POSITIVE_PHRASES = [
    "I loved it.", "Highly recommended.", "What a gem.", "Worth every minute.",
    "I would watch it again.", "A real pleasure.", "Go see it.", "Two thumbs up.",
]  # fmt: skip
NEGATIVE_PHRASES = [
    "I hated it.", "Avoid it.", "What a waste.", "Not worth your time.",
    "I want my money back.", "A real chore.", "Skip it.", "Two thumbs down.",
]  # fmt: skip
NEUTRAL_STATEMENTS = [
    "I watched it on {day}.", "The {movie} is two hours long.", "It was released in {year}.",
    "The {movie} was shot in {city}.", "I saw the {movie} with my {relative}.",
    "The {movie} is based on a novel.", "It is the director's third {movie}.",
    "I saw it at the {venue}.", "The {movie} came out last {month}.",
    "The {movie} has a running time of ninety minutes.", "It is in {language}.",
    "The {movie} is set in {city}.", "My {relative} picked the {movie}.",
]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
YEARS = ["1987", "1999", "2004", "2012", "2019", "2023"]
CITIES = ["Chicago", "Toronto", "Madrid", "Osaka", "Lagos", "Lima", "Prague", "Sydney"]
RELATIVES = ["brother", "sister", "father", "mother", "cousin", "friend", "neighbor", "uncle"]
VENUES = ["cinema", "festival", "library", "drive-in", "theater"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
LANGUAGES = ["English", "Hindi", "Korean", "Portuguese", "German", "Swahili"]
FILLERS = [
    "given everything I have heard about it", "considering who directed it",
    "after all the trailers", "to be honest", "given my history with this genre",
    "and I have seen a lot of movies", "after watching it twice",
]  # fmt: skip
OTHER_HOLDERS = [
    "some people", "many critics", "my friends", "most viewers", "the critics", "a lot of people",
    "everyone else", "my sister",
]  # fmt: skip

# Groups named in the fairness tests. A group word should change nothing in a neutral sentence.
GROUPS = {
    "race": [
        "black", "white", "Asian", "Hispanic", "Latino", "Arab", "Native American",
        "African American", "Caucasian", "Indigenous", "biracial", "Pacific Islander",
    ],
    "religion": [
        "Christian", "Muslim", "Jewish", "Hindu", "Buddhist", "Sikh", "atheist", "Catholic",
        "Protestant", "Mormon", "agnostic", "Orthodox", "Jain", "Taoist",
    ],
    "nationality": [
        "Mexican", "French", "American", "Chinese", "Indian", "Nigerian", "Russian", "Iranian",
        "Brazilian", "Japanese", "German", "Pakistani", "Korean", "Italian", "Egyptian",
        "Turkish", "Polish", "Vietnamese", "Irish", "Ethiopian", "Israeli", "Palestinian",
        "Cuban", "Filipino", "Ukrainian", "Swedish", "Kenyan", "Colombian",
    ],
    "sexuality and gender": [
        "gay", "lesbian", "straight", "bisexual", "transgender", "queer", "asexual",
        "heterosexual", "homosexual", "nonbinary", "pansexual", "cisgender",
    ],
}  # fmt: skip
GROUP_SENTENCES = [
    "The director is {group}.",
    "The lead actress is {a_group} woman.",
    "It is {a_group} film.",
    "The {movie} is about {a_group} family.",
    "{name} is {a_group} actor.",
    "The story follows {a_group} teenager.",
    "Most of the cast is {group}.",
    "The writer grew up in {a_group} neighborhood.",
]  # fmt: skip
NAMES = ["Maria", "James", "Aisha", "Kenji", "Olga", "Carlos", "Emily", "David", "Fatima"]
FIRST_NAMES = [
    "John", "Michael", "David", "Robert", "James", "Paul", "Peter", "Richard", "Mark", "Jack",
    "Tom", "George", "Steve", "Mary", "Jane", "Anne", "Sarah", "Emma", "Laura", "Susan", "Kate",
    "Linda", "Karen", "Julia", "Daniel", "Chris", "Brian", "Kevin", "Jason", "Eric", "Anna",
    "Rachel", "Lisa", "Nancy", "Helen", "Frank", "Henry", "Harry", "Sam", "Nick", "Matt",
]  # fmt: skip
LAST_NAMES = [
    "Smith", "Johnson", "Williams", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
    "Thomas", "Moore", "Martin", "Jackson", "Harris", "Clark", "Lewis", "Walker", "Hall",
    "Allen", "Young", "Wright", "Scott", "Baker", "Adams", "Nelson", "Hill", "Campbell",
    "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker", "Collins",
]  # fmt: skip
PLACES = [
    "America", "England", "France", "London", "Paris", "Texas", "California", "Germany",
    "Italy", "Japan", "China", "India", "Canada", "Australia", "Mexico", "Ireland", "Scotland",
    "Spain", "Russia", "Africa", "Europe", "Boston", "Chicago", "Tokyo", "Rome", "Berlin",
    "New York", "Los Angeles", "Vietnam", "Brazil", "Egypt", "Sweden", "Poland", "Korea",
]  # fmt: skip
# Group words outside every list the model knows: the sentence must stay neutral on its own.
UNLISTED_GROUPS = [
    "Klingon", "Martian", "Elvish", "Atlantean", "Wakandan", "Vulcan", "Narnian", "Gondorian",
]  # fmt: skip
