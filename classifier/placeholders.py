"""Words that say who or where, not how good: read as one placeholder token each.

A review's verdict does not depend on which nationality, religion, ethnicity, sexuality or gender
identity it mentions, on a person's first or last name, or on a place; but a model fitted on
IMDb reviews learns weights for all of them (in the training data "Mexican" leaned positive and
"Christian" negative), and then a neutral sentence changes its verdict with the group it names.
The tokenizer replaces every word listed here by its class's placeholder, so all the members of a
class have one weight, the same for each, and swapping one for another changes nothing.

The lists are ours, written for this purpose; they are lower-case and accent-free, as the
tokenizer compares them.
"""

GROUP = "<group>"
NAME = "<name>"
PLACE = "<place>"

NATIONALITIES = """
afghan albanian algerian american andorran angolan antiguan argentine argentinian armenian
australian austrian azerbaijani azeri bahamian bahraini bangladeshi barbadian belarusian belgian
belizean beninese bhutanese bolivian bosnian botswanan brazilian british bruneian bulgarian
burkinabe burmese burundian cambodian cameroonian canadian cape verdean chadian chilean chinese
colombian comoran congolese costa rican croatian cuban cypriot czech danish djiboutian dominican
dutch ecuadorian egyptian emirati english equatoguinean eritrean estonian ethiopian fijian filipino
filipina finnish french gabonese gambian georgian german ghanaian greek grenadian guatemalan
guinean guyanese haitian honduran hungarian icelandic indian indonesian iranian iraqi irish israeli
italian ivorian jamaican japanese jordanian kazakh kenyan kiribati korean kosovar kuwaiti kyrgyz
laotian latvian lebanese liberian libyan liechtensteiner lithuanian luxembourgish macedonian
malagasy malawian malaysian maldivian malian maltese marshallese mauritanian mauritian mexican
micronesian moldovan monegasque mongolian montenegrin moroccan mozambican namibian nauruan nepalese
nepali nicaraguan nigerian nigerien norwegian omani pakistani palauan palestinian panamanian papuan
paraguayan persian peruvian polish portuguese puerto rican qatari romanian russian rwandan
salvadoran samoan saudi scottish senegalese serbian seychellois sierra leonean singaporean slovak
slovakian slovenian somali south african spanish sri lankan sudanese surinamese swazi swedish swiss
syrian taiwanese tajik tanzanian thai tibetan togolese tongan trinidadian tunisian turkish turkmen
tuvaluan ugandan ukrainian uruguayan uzbek venezuelan vietnamese welsh yemeni zambian zimbabwean
african asian european latin caribbean scandinavian arab arabic middle eastern
""".split()
ETHNICITIES = """
black white asian hispanic latino latina latinx caucasian indigenous aboriginal biracial
multiracial native islander pacific inuit romani roma creole mestizo
""".split()
RELIGIONS = """
christian christians muslim muslims jewish jew jews hindu hindus buddhist buddhists sikh sikhs
atheist atheists agnostic agnostics catholic catholics protestant protestants mormon mormons
orthodox jain jains taoist taoists evangelical evangelicals baptist baptists methodist lutheran
anglican presbyterian quaker quakers amish shinto zoroastrian rastafarian pagan pagans wiccan
scientologist bahai islamic
""".split()
IDENTITIES = """
gay gays lesbian lesbians straight bisexual bi transgender trans queer asexual heterosexual
homosexual nonbinary pansexual cisgender intersex genderqueer genderfluid lgbt lgbtq lgbtqia
""".split()
# two-word names ("Costa Rican") are listed word by word; these words alone name no group
GROUP_WORDS = frozenset(NATIONALITIES + ETHNICITIES + RELIGIONS + IDENTITIES) - {
    "south",
    "latin",
    "middle",
    "eastern",
    "cape",
    "costa",
    "sierra",
}

# First names that are not also common English words (not "will", "grace", "frank", ...).
FIRST_NAMES = """
aaron abigail adam adrian aisha alan albert alex alexander alexandra alice alicia alison allison
amanda amber amy andrea andrew angela anna anne annie anthony antonio arthur ashley barbara
benjamin betty beverly bobby brandon brenda brian brittany bruce bryan carl carlos carol caroline
carolyn catherine charles charlotte cheryl chris christian christina christine christopher cynthia
daniel danielle david deborah debra denise dennis diana diane donald donna dorothy douglas dylan
edward elizabeth emily emma eric ethan eugene evelyn fatima gabriel gary george gerald gloria
gregory hannah harold heather helen henry isabella jack jacob james janet janice jason jean jeffrey
jennifer jeremy jerry jesse jessica joan joe john johnny jonathan jose joseph joshua joyce juan
judith judy julia julie justin karen katherine kathleen kathryn katie kayla keith kelly kenneth
kevin kimberly kyle larry laura lauren linda lisa louis luis madison margaret maria marie marilyn
martha mary matthew megan melissa michael michelle mohammed muhammad nancy natalie nathan nicholas
nicole noah olivia pamela patricia patrick paul peter philip rachel ralph randy raymond rebecca
richard robert roger ronald roy russell ryan samantha samuel sandra sara sarah scott sean sharon
shirley sophia stephanie stephen steven susan teresa terry theresa thomas timothy tyler victoria
vincent virginia walter wayne william zachary ahmed ali omar hassan yusuf mei li wei jun hiroshi
kenji yuki priya raj rahul sanjay anil deepak olga ivan dmitri sergei natasha pierre jacques
francois giovanni marco luca sofia elena carmen pablo diego miguel javier alejandro
""".split()
LAST_NAMES = """
smith johnson williams jones davis wilson anderson taylor thomas jackson harris martin thompson
garcia martinez robinson clark rodriguez lewis walker allen hernandez wright lopez nelson gonzalez
carter mitchell perez roberts turner phillips campbell parker evans edwards collins stewart sanchez
morris rogers morgan peterson cooper reed bailey kelly howard ramirez cox richardson watson brooks
bennett mendoza ruiz hughes sanders patel myers ross henderson coleman jenkins perry powell
patterson flores washington simmons gonzales bryant alexander russell griffin diaz hayes kim nguyen
chen wang zhang liu yamamoto tanaka suzuki schmidt mueller muller fischer weber novak kowalski
ivanov petrov rossi russo ferrari esposito romano dubois moreau lefebvre silva santos oliveira
pereira costa
""".split()
NAME_WORDS = frozenset(FIRST_NAMES + LAST_NAMES)

PLACE_WORDS = frozenset(
    """
afghanistan albania algeria argentina armenia australia austria bangladesh belgium bolivia bosnia
brazil bulgaria cambodia cameroon canada chile china colombia croatia cuba cyprus denmark ecuador
egypt england estonia ethiopia finland france germany ghana greece guatemala haiti honduras hungary
iceland india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya korea
kuwait laos latvia lebanon liberia libya lithuania luxembourg madagascar malaysia mexico mongolia
morocco mozambique myanmar nepal netherlands holland nicaragua nigeria norway pakistan palestine
panama paraguay peru philippines poland portugal qatar romania russia rwanda scotland senegal
serbia singapore slovakia slovenia somalia spain sudan sweden switzerland syria taiwan tanzania
thailand tunisia turkey uganda ukraine uruguay uzbekistan venezuela vietnam wales yemen zambia
zimbabwe africa europe asia america usa uk britain amsterdam athens atlanta bangkok barcelona
beijing berlin boston brooklyn brussels budapest cairo chicago dallas delhi denver detroit dublin
edinburgh florence glasgow havana helsinki houston istanbul jakarta jerusalem johannesburg lagos
lima lisbon london madrid manchester manila melbourne miami milan montreal moscow mumbai munich
nairobi naples oslo osaka paris philadelphia prague rio rome seattle seoul shanghai stockholm
sydney tehran tokyo toronto vancouver venice vienna warsaw zurich texas california florida ohio
georgia virginia arizona nevada oregon alaska montana colorado kansas iowa utah idaho kentucky
tennessee alabama louisiana mississippi missouri oklahoma nebraska wisconsin minnesota michigan
illinois indiana pennsylvania massachusetts connecticut vermont maine carolina dakota wyoming
hawaii jersey
""".split()
)


def placeholder_of(word):
    """The placeholder a folded ``word`` reads as (a possessive as its owner), else None."""
    if word.endswith("'s"):
        word = word[:-2]
    if word in GROUP_WORDS:
        return GROUP
    if word in NAME_WORDS:
        return NAME
    if word in PLACE_WORDS:
        return PLACE
    return None
