"""Protagonist detection shared by :mod:`.pronoun_gender` and :mod:`.names`.

Pure ``re`` and the standard library: no tagger, no parser, no name-gender lexicon.
Everything here is a heuristic tuned on ``datasets/labeled/protagonists.jsonl`` and
``smollm2_tune.jsonl`` (``protagonists_heldout.jsonl`` and ``smollm2_test.jsonl``
measure it honestly). A story is read in steps:

1. *Layout* (:func:`split_layout`): chat preambles ("Sure! Here's a story:"),
   postambles, ``#`` headings, ``Title:`` lines, ``**bold**`` title lines, rules, "The
   End" and markdown emphasis are separated from the prose; the title is kept only
   as a hint for who the story is about.
2. *Tokens*: words with their sentence, the punctuation before them, whether
   capitalisation carries information there (not at a sentence start, after an
   opening quote or a colon) and whether they are inside dialogue (double quotes;
   single quotes when a story uses no double quotes).
3. *Characters*: runs of capitalised words become people (``Dr. Elara Voss``, later
   ``Elara`` or ``Dr. Voss``); places and organisations (``Mercy General``, "the town
   of Willowbrook", "in Seoul", ``NovaTech``) are filtered out. Described characters
   ("the old woman", "a young nurse named Lily", "his mother") and groups ("the
   children", "Marcus and Lena") are characters too.
4. *Pronouns*: each third-person pronoun of the narration is resolved with a
   centering-style preference (a subject pronoun continues the previous sentence's
   subject, a possessive the current one, an object pronoun never its own clause's
   subject), in a cautious pass that only counts the obvious cases and a pass that
   uses the genders those suggested. Nouns and titles ("the emperor", "Mrs.") settle a
   person outright; "X kissed him" rules out X being *he*; in a story with one *she*
   and one *he* settling one settles the other. *They* goes to a nearby group first
   and counts as a singular *they* only when it clearly outnumbers *she*/*he*. A bare
   *they* with nobody before it, one right after two people ("X met Y. They …") and
   one after "X and Y" are plural; a *they* chain hanging off a lone possessive
   ("Marisol's shop … their bread") never makes a singular *they*.
5. *Protagonist*: a first-person narrator when the narration says "I" often enough
   (gendered only by what the text says about "I"), nobody for second-person
   narration, otherwise the character with the highest salience: mentions, resolved
   pronouns, being named in the title, being introduced first, having a name.

Names are never used to guess gender: "Jordan", "Sasha" or "Elara" with no pronoun,
title or gendered noun reads as ``unknown``.

>>> a = analyse("# Marcus and the Sea\\n\\nIda mended nets. Marcus fished; he never cursed.")
>>> a.protagonist_name, a.gender
('Marcus', 'man')
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

# --------------------------------------------------------------------------- lexicons


def _wordset(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated text."""
    return frozenset(text.split())


F, M, T, N = "F", "M", "T", "N"  # she / he / they / neopronoun (and explicit nonbinary)
CATEGORY = {F: "woman", M: "man", N: "nonbinary", T: "nonbinary"}

_PRONOUNS: dict[str, str] = {
    "she": F, "her": F, "hers": F, "herself": F,
    "he": M, "him": M, "his": M, "himself": M,
    "they": T, "them": T, "their": T, "theirs": T, "themself": T, "themselves": T,
}  # fmt: skip
# Neopronoun families: the distinctive forms license the ambiguous ones (fae, em, ey, ze).
_NEO_FAMILIES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (frozenset({"xe", "xem", "xyr", "xyrs", "xemself", "xyrself", "xir", "xirs", "xirself"}),
     frozenset()),
    (frozenset({"zir", "zirs", "zirself", "hir", "hirs", "hirself", "zem", "zeir", "zemself"}),
     frozenset({"ze"})),
    (frozenset({"eir", "eirs", "emself", "eirself"}), frozenset({"ey", "em"})),
    (frozenset({"faer", "faers", "faeself", "faerself"}), frozenset({"fae"})),
)  # fmt: skip
_NEO_ALL = frozenset(w for fam in _NEO_FAMILIES for part in fam for w in part)
_SUBJECT_FORMS = frozenset({"she", "he", "they", "xe", "ze", "ey", "fae"})
_OBJECT_FORMS = frozenset({"him", "them", "xem", "zem", "em"})
_OBJECT_OR_POSS = frozenset({"her", "zir", "hir", "faer"})  # object unless a noun follows
_REFLEXIVE = frozenset(
    {"herself", "himself", "themself", "themselves", "xemself", "zirself", "hirself",
     "emself", "faeself", "faerself", "xyrself", "eirself"}
)  # fmt: skip
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself"})
_SECOND_PERSON = frozenset({"you", "your", "yours", "yourself"})
_CONTRACTED = re.compile(r"^(she|he|they|i|it|you|we|that|there|here|what|who|let)['’]", re.I)

_NONBINARY_WORDS = frozenset(
    {"nonbinary", "non-binary", "genderqueer", "agender", "genderfluid", "gender-fluid",
     "enby", "bigender", "two-spirit", "genderless"}
)  # fmt: skip

# gendered nouns: singular -> gender
_GENDERED: dict[str, str] = {}
for _g, _words in (
    (
        F,
        "woman lady girl mother mom mum mama mommy mummy grandmother grandma granny gran nana "
        "wife daughter sister aunt auntie niece queen princess empress duchess countess baroness "
        "actress waitress hostess heroine widow bride girlfriend fiancée businesswoman "
        "policewoman saleswoman chairwoman congresswoman spokeswoman horsewoman noblewoman "
        "gentlewoman sportswoman craftswoman fisherwoman madam matron maiden lass gal nun "
        "priestess witch sorceress goddess heiress landlady stepmother godmother schoolgirl "
        "housewife granddaughter stepdaughter headmistress mistress grandmama abbess "
        "seamstress songstress stewardess",
    ),
    (
        M,
        "man gentleman boy father dad papa daddy grandfather grandpa granddad grandad husband "
        "son brother uncle nephew king prince emperor duke count baron actor waiter host hero "
        "widower groom bridegroom boyfriend fiancé businessman policeman salesman chairman "
        "congressman spokesman horseman nobleman sportsman craftsman fisherman guy lad monk "
        "priest wizard sorcerer god heir landlord stepfather godfather schoolboy househusband "
        "grandson stepson headmaster lord sir bachelor patriarch",
    ),
):
    for _w in _words.split():
        _GENDERED[_w] = _g
# "hero", "host", "actor", "waiter", "heir", "wizard", "god" are used for anyone now;
# they only count when they are the protagonist's own description, never as titles.
_WEAK_GENDERED = frozenset({"hero", "host", "actor", "waiter", "heir", "wizard", "god", "count"})
_NEUTRAL_ROLES = _wordset(
    """
    nurse doctor physician surgeon scientist researcher teacher professor student ceo
    founder executive engineer child kid baby toddler teen teenager youth orphan soldier
    traveler traveller stranger villain guide tourist recruiter secretary receptionist
    official chairperson roommate housemate flatmate colleague coworker mentor rival
    companion classmate teammate tenant owner veteran supervisor preceptor boss farmer
    artist painter writer poet author detective captain pilot chef cook baker musician
    singer dancer knight warrior healer explorer inventor astronaut sailor merchant
    guard officer driver clerk librarian gardener programmer developer coder designer
    architect lawyer judge journalist reporter photographer mechanic carpenter
    blacksmith hunter shepherd keeper apprentice assistant intern manager boss leader
    ruler mayor principal caretaker janitor cleaner miner fisher weaver potter tailor
    carrier courier postman postmaster stationmaster conductor magician scholar mage
    sorcerer witch princess entrepreneur investor banker accountant paramedic
    firefighter midwife therapist counselor pharmacist vet veterinarian ranger lifeguard
    newcomer visitor guest patient customer client neighbor neighbour friend person
    individual adult elder villager local resident protagonist narrator figure someone
    character partner spouse sibling parent grandparent grandchild cousin twin
    """
)
_GENDERED_PLURAL: frozenset[str] = _wordset(
    """
    women men girls boys ladies gentlemen mothers fathers sisters brothers daughters
    sons wives husbands kings queens children kids people folks folk parents
    grandparents twins villagers townsfolk townspeople elders nurses doctors soldiers
    students teachers scientists knights guards workers neighbors neighbours friends
    couple pair family crowd team crew staff police siblings cousins others tourists
    customers patients passengers interns investors fishermen adults teens teenagers
    village town city audience class community neighborhood neighbourhood tribe army
    orchestra band choir congregation committee board jury
    """
)
_ROLE_NOUNS = frozenset(_GENDERED) | _NEUTRAL_ROLES
_KIN_NOUNS = _wordset(
    """
    mother mom mum mama mommy father dad papa daddy grandmother grandma granny gran nana
    grandfather grandpa granddad grandad wife husband son daughter sister brother aunt
    uncle niece nephew cousin grandson granddaughter parent parents child children kids
    family friend friends boyfriend girlfriend fiancé fiancée partner spouse twin
    """
)

# titles: gender (None = neutral); _GIVEN_TITLES take a given name ("Aunt Mae", "Sir Galahad")
_TITLES: dict[str, str | None] = {}
for _g2, _words2 in (
    (
        F,
        "mrs ms miss madam madame mme mrs lady dame señora senora señorita senorita doña dona "
        "queen princess duchess countess baroness empress sister aunt auntie grandma granny "
        "nana mother mistress headmistress sra",
    ),
    (
        M,
        "mr sir lord señor senor don king prince duke baron emperor brother father uncle "
        "grandpa grandad granddad master headmaster mister sr",
    ),
    (N, "mx"),
    (
        None,
        "dr doctor prof professor captain capt officer detective det sergeant sgt "
        "lieutenant lt commander general agent nurse coach chef judge mayor senator governor "
        "president rev reverend pastor rabbi elder chief principal inspector constable major "
        "colonel col admiral director minister ambassador dean",
    ),
):
    for _w2 in _words2.split():
        _TITLES[_w2] = _g2
_GIVEN_TITLES = _wordset(
    """
    lady dame doña dona don queen princess empress sister aunt auntie grandma granny
    nana mother king prince emperor brother father uncle grandpa grandad granddad master
    sir lord chef coach
    """
)
# capitalised kin words used as names ("Mom said", "Grandpa smiled")
_KIN_NAMES: dict[str, str] = {
    "mom": F, "mum": F, "mama": F, "mommy": F, "mummy": F, "mother": F, "grandma": F,
    "granny": F, "gran": F, "nana": F, "auntie": F, "dad": M, "papa": M, "daddy": M,
    "father": M, "grandpa": M, "granddad": M, "grandad": M,
}  # fmt: skip

_STOP = _wordset(
    """
    the a an and but or so yet for nor then now when while where why what who whom whose
    which how if though although because since until unless as after before during once
    every each some many most all both either neither no none nobody nothing someone
    something somebody somewhere everyone everybody everything anyone anything anybody
    this that these those there here it its i me my mine you your yours we our ours us
    they them their he him his she her hers one two three four five six seven eight nine
    ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty
    forty fifty sixty seventy eighty ninety hundred million dozen half hundreds thousand thousands
    first second third last next finally suddenly slowly quietly softly gently still
    just only even never always sometimes often soon later today tomorrow yesterday
    tonight years months weeks days hours minutes moments morning mornings evening
    evenings night nights afternoon dawn dusk noon midnight outside inside above below
    behind beyond beside between within without through throughout over under around
    across along among against toward towards into onto upon up down out off in on at by
    of to from with about like unlike despite instead perhaps maybe indeed besides
    meanwhile together alone again also too not yes yeah yep nope such whatever whenever
    wherever however therefore thus hence otherwise twice long far near deep high back
    home everywhere nowhere let do does did is are was were be been have has had can
    could would should shall might must don't can't won't didn't isn't wasn't couldn't
    wouldn't shouldn't hey hi hello goodbye bye thanks thank please sorry welcome wow oh
    ah ahh um uh hmm huh well look listen wait stop come go okay ok dear darling honey
    sweetheart love god lord heaven heavens hell christmas easter halloween thanksgiving
    hanukkah passover ramadan diwali eid new year monday tuesday wednesday thursday
    friday saturday sunday january february march july september october november
    december chapter part title act scene epilogue prologue story internet ai tv earth
    moon sun english french spanish american british african asian european indian
    chinese japanese korean nigerian mexican italian german russian irish scottish welsh
    canadian australian arabic latin greek roman jewish christian muslim hindu buddhist
    catholic yoruba igbo zulu swahili hindi urdu bengali punjabi tamil portuguese dutch
    swedish norwegian danish finnish polish ukrainian turkish persian egyptian kenyan
    ghanaian ethiopian brazilian argentine peruvian filipino vietnamese thai indonesian
    bangladeshi pakistani nepali lebanese jamaican cuban scandinavian nordic norse viking
    celtic victorian medieval ancient original
    ma'am miss mister sir madam boss doctor nurse captain professor officer detective
    mom mum dad mama papa mommy daddy grandma grandpa nana granny gran auntie uncle aunt
    ceo cfo cto phd md ok north south east west northern southern eastern western
    everyone's nobody's somebody's someone's people mr mrs ms mx dr st prof maybe sure
    fine good great right wrong fire help run quick quickly don ferris
    """
)
_PARTICLES = frozenset({"van", "von", "de", "da", "del", "della", "di", "du", "le", "la", "al",
                        "bin", "ibn", "ben", "el", "dos", "das", "der", "ter", "y"})  # fmt: skip
_ORG_WORDS = _wordset(
    """
    hospital clinic university college school academy institute center centre station
    street avenue road lane boulevard square park bridge tower towers building hall
    church cathedral temple mosque chapel abbey castle palace city town village county
    valley mountain mountains mount hill hills lake river sea ocean bay harbor harbour
    island islands isle forest woods desert plains peaks peak falls springs beach coast
    point cove port heights ridge canyon mesa creek inc corp corporation company co
    industries technologies tech labs laboratories laboratory systems solutions dynamics
    group enterprises energy analytics airlines airways foundation bank capital partners
    ventures media press studios records motors pharmaceuticals hotel cafe café
    restaurant bakery market mall store shop museum library gallery theater theatre
    society council committee department ministry agency observatory general memorial
    medical kingdom empire republic realm plains marsh glen dale mesa airport prison
    ward unit plaza garden gardens farm ranch estate manor lodge inn pub bar tavern
    diner club league fc united times post herald news journal magazine network program
    programme project mission highway route way drive terrace court avenue circle
    crescent
    """
)
_SURNAME_LIKE_ORG = _wordset(
    """
    park hall church hill lane wood woods banks ford house bell street brook rivers
    field fields
    """
)
_PLACE_LEAD = _wordset(
    """
    the in at to from near into across through of by around outside inside toward
    towards
    """
)
_PLACE_START = frozenset({"st", "saint", "mount", "mt", "lake", "fort", "port", "cape", "san",
                          "santa", "los", "las", "new", "el", "são", "rio", "buenos", "hong",
                          "kuala", "tel", "addis", "dar", "abu", "ho"})  # fmt: skip
_PLACE_SUFFIXES = tuple(
    sorted(
        _wordset(
            "brook haven ville dale shire ford bury burgh borough port ridge creek grove hollow "
            "vale mere moor stead field wick glen wood hurst land landia oria opolis polis fall "
            "falls water gate mouth minster ham thorpe by holm"
        )
    )
)
_KNOWN_PLACES = _wordset(
    """
    london paris tokyo lagos mumbai delhi beijing shanghai seoul cairo nairobi accra
    johannesburg durban kinshasa dakar berlin rome madrid lisbon dublin edinburgh
    glasgow manchester boston chicago seattle denver houston dallas austin atlanta miami
    detroit oakland brooklyn manhattan queens harlem california texas ohio oregon alaska
    florida york jersey england scotland wales ireland france spain italy germany greece
    russia china japan korea india pakistan bangladesh nigeria ghana kenya ethiopia
    egypt morocco brazil mexico canada australia peru chile argentina colombia vietnam
    thailand indonesia philippines iran iraq syria turkey israel lebanon ukraine poland
    sweden norway denmark finland iceland geneva zurich vienna prague budapest warsaw
    kyiv kiev moscow istanbul dubai riyadh tehran karachi lahore dhaka kolkata chennai
    bangalore hyderabad kathmandu singapore jakarta manila hanoi bangkok sydney
    melbourne auckland toronto vancouver montreal havana lima bogota santiago caracas
    quito ibadan enugu kumasi kampala kigali harare lusaka soweto kano abuja guadalajara
    oaxaca barcelona venice florence naples milan amsterdam brussels oslo stockholm
    copenhagen helsinki shiraz kyoto osaka hokkaido okinawa africa asia europe america
    antarctica arctic atlantic pacific mars venus jupiter saturn mercury neptune pluto
    dover normandy sahara himalayas alps andes amazon nile thames seine danube
    mississippi hudson
    """
)
_PLACE_PREPS = _wordset(
    "in into across throughout near inside outside beyond toward towards around from via of"
)
_PLACE_OF_NOUNS = _wordset(
    """
    town city village kingdom land realm planet island country valley world empire state
    province county region streets heart outskirts capital shores coast edge mountains
    forest lands village's hills people citizens mayor king queen rulers ruler
    """
)
_TIME_PREPS = frozenset({"in", "of", "early", "late", "last", "next", "this", "every", "until",
                         "since", "by", "through", "during", "mid", "that"})  # fmt: skip
_MONTHS_AMBIGUOUS = frozenset({"april", "may", "june", "august"})
_AT_PERSON_VERBS = _wordset(
    """
    smiled looked stared glanced laughed winked nodded grinned waved shouted yelled
    frowned gazed pointed smiling looking staring glancing laughing grinning waving
    shouting yelling frowning gazing pointing smirked scowled beamed blinked
    """
)
_SPEECH = _wordset(
    """
    said says asked asks replied replies whispered whispers shouted shouts called calls
    cried cries answered answers muttered mutters murmured murmurs yelled yells added
    adds laughed laughs smiled smiles nodded nods sighed sighs grinned grins explained
    explains insisted insists admitted admits announced announces begged begs told tells
    thought thinks wondered wonders knew knows felt feels had has was is would could did
    does looked looks turned turns walked walks ran runs stood stands sat sits took
    takes watched watches stared stares shook shakes wrote writes went goes came comes
    """
)
_NAME_VERBS = _wordset(
    """
    was had is has could would did felt knew loved wanted lived worked kept grew spent
    never always still often finally slowly quietly opened closed pulled pushed picked
    put set sat stood ran walked found made took gave held reached knelt tied began
    started tried decided loves wants lives works keeps grows spends opens sits stands
    runs walks finds makes takes gives holds reaches kneels ties begins starts tries
    decides drove flew swam climbed woke slept ate drank read wrote sang danced
    """
)
_NOUN_SUFFIXES = tuple(
    sorted(
        _wordset("ness tion sion ment ity ance ence ship hood dom ism ing ings light fall ure ics")
    )
)
_COMMON_NOUNS = _wordset(
    """
    silence rain snow music laughter life time light darkness love fear wind fog mist
    smoke water fire news word words memories tears snowflakes thunder lightning sunrise
    sunset spring summer autumn winter fall weeks seasons rumors rumours people children
    kids voices footsteps shadows stars clouds waves leaves birds dogs bells applause
    panic chaos peace war hunger grief joy anger pain sleep coffee tea breakfast lunch
    dinner school work home nature science money power history art everyone nothing
    inside outside somewhere trouble luck fate death dust sand ice steam heat sweat
    blood rust paint glass paper ink books letters questions answers doors windows
    lights engines alarms sirens machines computers phones emails messages calls cars
    trains planes boats ships flowers trees roots seeds fruit bread food soup wine beer
    cheers yesterday tomorrow today tonight dawn dusk noon midnight
    """
)
_NAME_WORDS = frozenset({"named", "called"})
_NAME_INTRO = frozenset({"named", "called", "name", "christened", "dubbed"})
_COPULA = frozenset({"was", "is", "became", "becomes", "remained", "been", "being", "'s",
                     "seemed", "looked", "felt", "be", "become", "becoming", "am", "are",
                     "were"})  # fmt: skip
_DETS = frozenset({"the", "a", "an", "this", "that", "another", "one"})
_CONJ = frozenset({"so", "and", "but", "then", "yet", "now"})
_SUBORD = _wordset(
    """
    when as after before while once if although though because since until whenever
    wherever unless by with for on in at during despite without from
    """
)
_POSS_DETS = frozenset({"his", "her", "their", "my", "our", "your"})
_PLURAL_DETS = frozenset(
    {"the", "his", "her", "their", "my", "our", "your", "these", "those", "all", "some",
     "many", "several", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "both", "other", "few", "dozen", "hundred", "thousand"}
)  # fmt: skip
_NP_STOP = _wordset(
    """
    was were is are be been and or of who that which with to in on at for from by as had
    has have would could will should did do does then when while where she he they it i
    you we her his their its my our your him them me us not no so but if than into onto
    upon over under after before like said asked about across through named called
    """
)
_NOT_PLURAL = frozenset(
    {"bus", "glass", "class", "boss", "news", "chaos", "canvas", "process", "thesis",
     "basis", "always", "perhaps", "various", "this", "gas", "lens", "series", "species",
     "physics", "mathematics", "less", "across", "famous", "nervous", "anxious", "previous",
     "dress", "address", "princess", "actress", "waitress", "hostess", "goddess", "mistress",
     "heiress", "duchess", "countess", "baroness", "empress", "priestess", "stewardess",
     "seamstress", "headmistress", "sorceress", "business", "progress", "success", "kindness",
     "darkness", "illness", "us", "yes", "was", "is", "his", "hers", "its", "ours", "yours",
     "theirs", "as", "whereas", "thus", "plus", "minus", "octopus", "campus", "virus",
     "circus", "genius", "corpus", "focus", "status", "bonus", "chorus", "census", "atlas",
     "iris", "crisis", "oasis", "tennis", "axis", "analysis", "diagnosis", "cross", "moss",
     "grass", "mass", "pass", "brass", "kiss", "miss", "bliss", "mess", "chess", "loss"}
)  # fmt: skip
_CLAUSE_BREAK = _wordset(
    """
    before after when while because that who whom which until if as since so though
    although unless whenever where once than but or asked told wanted let made helped
    watched saw heard felt
    """
)
_TIME_WORDS = _wordset(
    """
    years months weeks days hours minutes seconds nights mornings evenings decades
    centuries times summers winters moments miles
    """
)
_PREPOSITIONS = _wordset(
    """
    in on at by with within without into onto upon under over beneath below above among
    amid across along through toward towards around behind beside between beyond near
    inside outside from of to the a an
    """
)
_PLURAL_PRONOUNISH = frozenset({"both", "everyone", "everybody", "together"})

_RUN_SKIP = (frozenset(_PRONOUNS) | _DETS | _POSS_DETS | _SUBORD | _CONJ | _FIRST_PERSON) - set(
    _KIN_NAMES
)
_TRIGGERS = (
    frozenset(_PRONOUNS)
    | _FIRST_PERSON
    | _SECOND_PERSON
    | _NONBINARY_WORDS
    | _DETS
    | _POSS_DETS
    | _PLURAL_DETS
    | _PLURAL_PRONOUNISH
)

_K = TypeVar("_K")


def _inc(table: dict[_K, Counter[str]], key: _K, item: str, n: int = 1) -> None:
    """``table[key][item] += n`` without building a Counter when one exists."""
    c = table.get(key)
    if c is None:
        c = table[key] = Counter()
    c[item] += n


# --------------------------------------------------------------------------- layout

_MD_HEADING = re.compile(r"^#{1,6}\s*(.*?)\s*#*\s*$")
_TITLE_LABEL = re.compile(r"^(?:story\s+)?title\s*[:：\-–—]\s*(.+)$", re.I)
_RULE = re.compile(r"^(?:[-*_=~•·]\s*){3,}$")
_THE_END = re.compile(r"^(?:the\s+end|fin|end)\W*$", re.I)
_META = re.compile(r"^\(?\s*(?:word\s+count|words?\s*:|approx)", re.I)
_PREAMBLE = re.compile(
    r"^(?:sure|certainly|of course|absolutely|okay|ok|alright|great|here(?:'s|’s| is| are)"
    r"|below is|i'd be|i’d be|i would be|happy to|what a)\b",
    re.I,
)
_POSTAMBLE = re.compile(
    r"^(?:i hope|hope you|let me know|would you like|feel free|i can also|if you'd like"
    r"|if you’d like|if you would like|want me to|do you want|shall i)\b",
    re.I,
)
_QUOTED_TITLE = re.compile(r"(?:titled|called|named)\s*[\"“*]+([^\"”*]+)[\"”*]+")
_EMPH = re.compile(r"\*+|(?<![^\W_])_+|_+(?![^\W_])")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_BULLET = re.compile(r"^(?:>\s*)+|^[-+•]\s+|^\d{1,2}[.)]\s+")
_HEADING_WORD = re.compile(r"^(?:chapter|part|act|scene|epilogue|prologue)\b", re.I)
_TERMINAL = re.compile(r"[.!?,;:\"”’)…]$")


def _bare(line: str) -> str:
    if line[:1] in ">-+•0123456789":
        line = _BULLET.sub("", line)
    if "](" in line:
        line = _LINK.sub(r"\1", line)
    if "*" in line or "_" in line:
        line = _EMPH.sub("", line)
    return line.strip()


def _is_heading(line: str, bare: str, first: bool, has_more: bool, blank_after: bool) -> bool:
    words = bare.split()
    if not words or len(words) > 14:
        return False
    if _HEADING_WORD.match(bare) and len(words) <= 8:
        return True
    wrapped = len(line) > 2 and line[0] in "*_" and line[-1] in "*_"
    if wrapped and not _TERMINAL.search(bare):
        return True
    if not first or not has_more or len(words) > 10 or _TERMINAL.search(bare):
        return False
    if bare[0] in "\"“‘'(":
        return False
    long_words = [w for w in words if len(w) > 3]
    capitalised = sum(1 for w in long_words if w[0].isupper())
    title_case = not long_words or capitalised / len(long_words) >= 0.6
    return title_case or blank_after


def split_layout(text: str) -> tuple[str, str]:
    """Split a generation into ``(title, prose)`` with markdown noise removed.

    >>> split_layout("Sure! Here's a story:\\n\\n**Elena's Garden**\\n\\nShe *dug*.\\n\\nThe End")
    ("Elena's Garden", 'She dug.')
    """
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    titles: list[str] = []
    nonempty = [i for i, ln in enumerate(lines) if ln]
    if len(nonempty) > 1:
        first = _bare(lines[nonempty[0]])
        if _PREAMBLE.match(first) and (first.endswith((":", "!")) or "story" in first.lower()):
            found = _QUOTED_TITLE.search(first)
            if found:
                titles.append(found.group(1).strip())
            lines[nonempty[0]] = ""
        for i in reversed(nonempty[1:]):
            b = _bare(lines[i])
            if _POSTAMBLE.match(b) or _RULE.match(lines[i]) or _THE_END.match(b):
                lines[i] = ""
                continue
            break
    body: list[str] = []
    seen_prose = False
    n = len(lines)
    last = max((i for i, ln in enumerate(lines) if ln), default=-1)
    for i, line in enumerate(lines):
        if not line:
            body.append("")
            continue
        heading = _MD_HEADING.match(line)
        if heading and len(line.split()) <= 16:
            if not seen_prose:
                titles.append(_bare(heading.group(1)))
            continue
        bare = _bare(line)
        if not bare or _RULE.match(line) or _THE_END.match(bare) or _META.match(bare):
            continue
        label = _TITLE_LABEL.match(bare)
        if label and not seen_prose:
            titles.append(_bare(label.group(1)))
            continue
        blank_after = i + 1 < n and not lines[i + 1]
        if _is_heading(line, bare, not seen_prose, i < last, blank_after):
            if not seen_prose:
                titles.append(bare)
            continue
        seen_prose = True
        body.append(bare)
    prose = "\n".join(body).strip()
    return " ".join(titles).strip(), re.sub(r"\n{3,}", "\n\n", prose)


# --------------------------------------------------------------------------- tokens

# Letters spelled out as ranges: much faster in ``re`` than the Unicode class [^\W\d_].
_L = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f"
    "\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff"
)
_WORD = re.compile(rf"[{_L}]+(?:['’][{_L}]+)*(?:-[{_L}]+(?:['’][{_L}]+)*)*")
_SEP = re.compile(r"--|[\n.!?…\"“”«»„,;:()\[\]—–'‘’]")
_AMPM = re.compile(r"\b[ap]\.m\.")
_NO_BREAK = frozenset({"dr", "mr", "mrs", "ms", "mx", "mme", "st", "prof", "capt", "lt", "sgt",
                       "col", "gen", "rev", "det", "mt", "jr", "sr", "sra", "fr", "hon", "insp",
                       "cpl", "pvt", "adm", "cmdr", "gov", "sen", "pres"})  # fmt: skip
_QUOTE_CAP = re.compile(r"['‘][A-Z]")


def _single_quoted(prose: str) -> bool:
    """Dialogue in single quotes: an opening quote right before a capital letter."""
    return any(
        m.start() == 0 or prose[m.start() - 1] in " \n\t(—" for m in _QUOTE_CAP.finditer(prose)
    )


class _Tokens:
    """Parallel arrays over the words of the prose.

    Words between separators are found in bulk (``findall``); only the separators
    (sentence ends, quotes, commas, newlines) go through Python one by one.
    """

    __slots__ = ("commas", "dialogue", "free", "free_idx", "low", "poss", "pre", "quote", "sent",
                 "starts", "word")  # fmt: skip

    def __init__(self, prose: str) -> None:
        self.starts: list[int] = []  # index of the first word of each sentence
        self.commas: list[int] = []  # index of each word that follows a comma
        self.free_idx: list[int] = []
        self.dialogue: set[int] = set()  # sentences with quoted words
        self.word: list[str] = []
        self.low: list[str] = []
        self.poss: list[bool] = []
        self.sent: list[int] = []
        self.free: list[bool] = []  # capitalisation carries no information here
        self.quote: list[bool] = []
        self.pre: list[str] = []
        if "a.m." in prose or "p.m." in prose:
            prose = _AMPM.sub(" ", prose)
        single = '"' not in prose and "“" not in prose and _single_quoted(prose)
        s = 0
        start = True
        inq = False
        gap = "n"
        pos = 0
        n_prose = len(prose)
        for m in _SEP.finditer(prose):
            a = m.start()
            tok = m.group()
            c = tok[0]
            after = prose[a + 1] if a + 1 < n_prose else " "
            before = prose[a - 1] if a else " "
            if c in "'‘’" and before.isalpha() and after.isalpha():
                continue  # an apostrophe inside a word ("Elara's", "don't")
            if c in ".:" and before.isdigit() and after.isdigit():
                continue  # 3.5, 3:17
            if a > pos and self._words(prose[pos:a], s, start, inq, gap):
                start = False
                gap = ""
            pos = m.end()
            if c == "\n":
                if gap != "n":
                    s += 1
                start = True
                inq = False
                gap = "n"
            elif c in ".!?…":
                if gap == ".":
                    continue  # "...", "?!"
                if c == "." and gap == "" and self.word:
                    last = self.word[-1]
                    if last.lower() in _NO_BREAK or (
                        len(last) == 1 and last != "I" and last.isupper()
                    ):  # "Dr. Voss", "J. R. Tolkien"
                        continue
                s += 1
                start = True
                gap = "."
            elif c in '"“”«»„':
                inq = not inq if c == '"' else c in "“«„"
                if inq:
                    start = True
                gap = "q"
            elif c in "'‘’":
                if single:
                    if not inq and (before.isspace() or before in "(—") and after.isalpha():
                        inq = True
                        start = True
                        gap = "q"
                    elif inq and not after.isalpha():
                        inq = False
                        gap = "q"
            else:
                gap = tok
                if tok == ":":
                    start = True
        if pos < n_prose:
            self._words(prose[pos:], s, start, inq, gap)

    def _words(self, span: str, s: int, start: bool, inq: bool, gap: str) -> bool:
        ws = _WORD.findall(span)
        n = len(ws)
        if not n:
            return False
        poss = [False] * n
        if "'" in span or "’" in span:
            for k, tok in enumerate(ws):
                if "'" in tok or "’" in tok:
                    if len(tok) > 2 and tok[-2] in "'’" and tok[-1] in "sS":
                        poss[k] = not _CONTRACTED.match(tok)
                        ws[k] = tok[:-2]
                    else:
                        c = _CONTRACTED.match(tok)
                        if c:
                            ws[k] = c.group(1)
            self.low.extend([w.lower().replace("’", "'") for w in ws])
        else:
            self.low.extend([w.lower() for w in ws])
        here = len(self.word)
        if not self.sent or self.sent[-1] != s:
            self.starts.append(here)
        if start:
            self.free_idx.append(here)
        if gap == ",":
            self.commas.append(here)
        if inq:
            self.dialogue.add(s)
        self.word.extend(ws)
        self.poss.extend(poss)
        self.sent.extend([s] * n)
        self.quote.extend([inq] * n)
        free = [False] * n
        free[0] = start
        self.free.extend(free)
        pre = [""] * n
        pre[0] = gap
        self.pre.extend(pre)
        return True


# --------------------------------------------------------------------------- characters

PLURAL = -1
UNRESOLVED = -2


@dataclass
class _Entity:
    """A character: a named person, a described one ("the old woman") or a relative."""

    given: str | None = None
    surname: str | None = None
    noun: str | None = None  # described character ("woman", "nurse")
    relational: str | None = None  # "my", "his", "her", ... for "his mother"
    mentions: float = 0.0
    first: int = 10**9
    fixed: Counter[str] = field(default_factory=Counter)
    cue_words: dict[str, Counter[str]] = field(default_factory=dict)
    place: float = 0.0
    person: float = 0.0
    bare: int = 0  # narration mentions that are not possessives ("Marisol", not "Marisol's")

    def cue(self, cls: str, word: str, weight: int = 1) -> None:
        self.fixed[cls] += weight
        _inc(self.cue_words, cls, word)

    @property
    def label(self) -> str | None:
        return self.given or self.surname

    @property
    def is_place(self) -> bool:
        return self.place > self.person and self.place >= 1


# event kinds
_E, _Q, _P, _PL, _PRED, _NB = range(6)


@dataclass(frozen=True)
class Analysis:
    """What the shared reader decided about one text."""

    title: str
    first_person: bool
    protagonist_name: str | None
    gender: str  # woman / man / nonbinary / unknown
    cues: dict[str, int]
    narrator: bool = False


class _Reader:
    """One text: its tokens, characters and the events (mentions, pronouns) between them."""

    def __init__(self, text: str) -> None:
        self.title, prose = split_layout(text)
        self.prose = prose
        self.t = _Tokens(prose)
        self.entities: list[_Entity] = []
        # (pos, kind, sentence, a, b, end)
        self.events: list[tuple[int, int, int, str, str, int]] = []
        self.place_words: set[str] = set()
        self.aliases: dict[str, int] = {}
        self.neo_ok: frozenset[str] = self._licensed_neopronouns()
        # "themself" (or an explicit "nonbinary") marks a singular they somewhere
        self.singular_they = not ({"themself"} | _NONBINARY_WORDS).isdisjoint(self.t.low)
        self._name_cache: dict[str, bool] = {}
        self.first_person_count = 0
        self.second_person_count = 0
        self._before_verb: set[str] | None = None
        self.title_words = frozenset(
            m.group().lower() for m in re.finditer(r"[^\W\d_]+", self.title) if len(m.group()) > 1
        )
        self.anti: dict[int, Counter[str]] = {}
        # filled by resolve(): pronoun forms and "nonbinary"/"genderqueer" words per person
        self.cue_forms: dict[int, dict[str, Counter[str]]] = {}
        self.nb_words: dict[int, Counter[str]] = {}
        self.last_named = (-1, -1)  # (entity, end position) of the last mention, in resolve
        t = self.t
        self.dialogue_sents = t.dialogue
        # sentences opening with a subordinate clause: index of the comma that closes it
        self.front_end: dict[int, int] = {}
        commas = t.commas
        low = t.low
        sent = t.sent
        if commas:
            for st in t.starts:
                k = bisect_left(commas, st + 1)
                if k == len(commas) or sent[commas[k]] != sent[st]:
                    continue  # no comma in this sentence
                s_ = sent[st]
                low0 = low[st]
                opened = (low0 in _SUBORD and not t.quote[st]) or (
                    # "So when Mr. Okafor stirred, she was already there"
                    low0 in _CONJ and st + 1 < len(low) and low[st + 1] in _SUBORD
                )
                first = commas[k]
                if opened:
                    self.front_end[s_] = first
                elif (
                    first - st <= 4
                    and low[first] in _SUBORD
                    and k + 1 < len(commas)
                    and sent[commas[k + 1]] == s_
                ):  # "Long ago, when the emperor called …, a young woman named Mulan …"
                    self.front_end[s_] = commas[k + 1]
        surface = Counter(t.word)
        self.cap_total = surface  # looked up with capitalised forms
        self.lower_seen = surface  # looked up with lowercase forms
        self.free_counts = Counter([t.word[i] for i in t.free_idx])

    # ---------------------------------------------------------------- helpers
    def _licensed_neopronouns(self) -> frozenset[str]:
        lows = set(self.t.low)
        ok: set[str] = set()
        for distinctive, ambiguous in _NEO_FAMILIES:
            present = distinctive & lows
            if present:
                ok |= present | ambiguous
            elif ambiguous & lows and "fae" in ambiguous:
                # "fae" alone: a pronoun only when it is a bare subject, never "the fae"
                t = self.t
                hits = [
                    i
                    for i, lw in enumerate(t.low)
                    if lw == "fae" and t.word[i] == "fae" and (i == 0 or t.low[i - 1] != "the")
                ]
                if len(hits) >= 2:
                    ok |= ambiguous
        return frozenset(ok)

    def _namey(self, i: int) -> bool:
        t = self.t
        w = t.word[i]
        if len(w) < 2 or not w[0].isupper() or w.isupper():
            return False
        hit = self._name_cache.get(w)
        if hit is None:
            hit = self._namey_word(w, t.low[i])
            self._name_cache[w] = hit
        if hit:
            return True
        return self._lone_name(i)

    def _lone_name(self, i: int) -> bool:
        """A capitalised word seen once, sentence-initially: a name if a verb follows."""
        t = self.t
        lw = t.low[i]
        if (
            lw in _STOP
            or lw in _TITLES
            or lw in _ROLE_NOUNS
            or lw in _PRONOUNS
            or self.lower_seen[lw]
            or lw in _KNOWN_PLACES
        ):
            return False
        if t.poss[i]:
            return True
        nxt = i + 1
        if nxt >= len(t.low) or t.pre[nxt] not in ("", ",") or t.sent[nxt] != t.sent[i]:
            return False
        if t.pre[nxt] == ",":
            return nxt + 1 < len(t.low) and t.low[nxt] in _DETS and t.low[nxt + 1] != "and"
        nl = t.low[nxt]
        if lw.endswith(("ed", "ing", "ly")) and len(lw) > 5 and nl in _PREPOSITIONS:
            return False  # "Nestled within the trees", "Walking along the shore"
        if nl in _SPEECH or nl in _NAME_VERBS or (nl.endswith("ed") and len(nl) > 4):
            return True
        # any lowercase verb-like follower, unless the word looks like a common noun
        return (
            t.word[nxt][0].islower()
            and nl not in _NP_STOP
            and nl not in _TIME_WORDS
            and not lw.endswith(_NOUN_SUFFIXES)
            and lw not in _COMMON_NOUNS
        )

    def _mid(self, w: str) -> int:
        """Occurrences of ``w`` where capitalisation means something (not sentence-initial)."""
        return self.cap_total[w] - self.free_counts[w]

    def _namey_word(self, w: str, lw: str) -> bool:
        if (lw in _STOP or lw in _TITLES or lw in _GENDERED or lw in _NEUTRAL_ROLES) and not (
            lw in _NEUTRAL_ROLES and self._mid(w) >= 2 and lw not in _STOP
        ):  # a role word is a name only when capitalised mid-sentence ("Hunter", "Sky")
            return False
        if lw in _PRONOUNS or lw in _NEO_ALL or (lw[-1] == "s" and lw[:-1] in _STOP):
            return False
        if re.search(r"[a-z][A-Z]", w) and not re.match(r"(?:Mc|Mac|De|Le|La|Di|Du|Van|O)[A-Z]", w):
            return False  # CamelCase brand names
        if self._mid(w):
            return True
        lower = self.lower_seen[lw]
        caps = self.cap_total[w]
        if lower == 0:
            return caps >= 2 or lw in self.title_words
        # "Rose rose before the sun … Rose never answered": capitalised more often than
        # not, and at least once followed by a verb
        return caps > lower and (caps >= 3 or (caps >= 2 and w in self._cap_before_verb()))

    def _cap_before_verb(self) -> set[str]:
        if self._before_verb is None:
            t = self.t
            found: set[str] = set()
            for i in range(len(t.word) - 1):
                w = t.word[i]
                if w[0].isupper() and t.pre[i + 1] == "" and t.sent[i + 1] == t.sent[i]:
                    nl = t.low[i + 1]
                    if nl in _NAME_VERBS or nl in _SPEECH or nl.endswith("ed"):
                        found.add(w)
            self._before_verb = found
        return self._before_verb

    def _entity_for(self, titles: list[str], names: list[str]) -> int:
        ents = self.entities
        given: str | None
        surname: str | None
        if len(names) >= 2:
            given, surname = names[0], names[-1]
        elif titles and (titles[-1] in _GIVEN_TITLES):
            given, surname = names[0], None
        elif titles:
            given, surname = None, names[0]
        else:
            given, surname = names[0], None
        found = -1
        if given and surname:
            for k, e in enumerate(ents):
                if e.noun or e.relational:
                    continue
                if e.given == given and e.surname in (None, surname):
                    found = k
                    break
                if e.surname == surname and e.given in (None, given):
                    found = k
                    break
                if e.given == surname and e.surname is None:  # "Voss" seen before "Elara Voss"
                    found = k
                    break
            if found >= 0:
                e = ents[found]
                if e.given == surname and e.surname is None:
                    e.given = given
                e.given = e.given or given
                e.surname = e.surname or surname
                return found
        else:
            single = given or surname
            order = ("given", "surname") if given else ("surname", "given")
            for attr in order:
                for k, e in enumerate(ents):
                    if not e.noun and not e.relational and getattr(e, attr) == single:
                        return k
        ents.append(_Entity(given=given, surname=surname))
        return len(ents) - 1

    def _described(self, noun: str, rel: str | None) -> int:
        key = (noun, rel)
        for k, e in enumerate(self.entities):
            if (e.noun, e.relational) == key:
                return k
        e = _Entity(noun=noun, relational=rel)
        g = _GENDERED.get(noun)
        if g and noun not in _WEAK_GENDERED:
            e.cue(g, noun, 10)
        self.entities.append(e)
        return len(self.entities) - 1

    # ---------------------------------------------------------------- extraction
    def extract(self) -> None:
        t = self.t
        n = len(t.word)
        low = t.low
        word = t.word
        sent = t.sent
        pre = t.pre
        quote = t.quote
        ev = self.events
        poss = t.poss
        triggers = _TRIGGERS | self.neo_ok
        # only capitalised words, trigger words and possessives can start anything
        todo = [
            i
            for i, (w, lw, p) in enumerate(zip(word, low, poss, strict=True))
            if lw in triggers or p or w[0].isupper()
        ]
        skip_to = 0
        for i in todo:
            if i < skip_to:
                continue
            w = word[i]
            lw = low[i]
            if w[0].isupper() and len(w) > 1:
                j = i
                while (
                    j + 1 < n
                    and sent[j + 1] == sent[i]
                    and pre[j + 1] == ""
                    and quote[j + 1] == quote[i]
                    and not poss[j]
                    and (
                        word[j + 1][0].isupper()
                        or (
                            low[j + 1] in _PARTICLES
                            and j + 2 < n
                            and word[j + 2][0].isupper()
                            and pre[j + 2] == ""
                        )
                    )
                ):
                    j += 1
                if i == j and lw in _RUN_SKIP:
                    pass  # "She", "The", "When": nothing to read as a name
                elif self._run(i, j):
                    skip_to = j + 1
                    if poss[j]:  # "Camila's students", "Leo's twin sisters"
                        skip_to = max(skip_to, self._noun_phrase(j))
                    continue
            if lw not in triggers and not poss[i]:
                continue
            if lw in _PRONOUNS or (lw in self.neo_ok and (w == lw or t.free[i])):
                if not quote[i]:
                    ev.append((i, _P, sent[i], _PRONOUNS.get(lw, N), lw, i))
                if lw in _POSS_DETS:
                    self._noun_phrase(i)
                continue
            if lw in _FIRST_PERSON and not quote[i] and (lw != "i" or w == "I"):
                self.first_person_count += 1
            elif lw in _SECOND_PERSON and not quote[i]:
                self.second_person_count += 1
            if lw in _NONBINARY_WORDS:
                ev.append((i, _NB, sent[i], lw, "", i))
            if lw in _DETS or lw in _POSS_DETS or lw in _PLURAL_DETS or poss[i]:
                end = self._noun_phrase(i)
                if end:
                    skip_to = end
                    continue
            if lw in _PLURAL_PRONOUNISH and not quote[i]:
                ev.append((i, _PL, sent[i], "", "", i))
        ents = self.entities
        for e in ents:  # "Dr. Sipho Ndlovu's Longest Day" over prose that says "Dr. Ndlovu"
            if e.surname and not e.given and self.title:
                m = re.search(rf"\b([A-Z][^\W\d_]+)\s+{re.escape(e.surname)}\b", self.title)
                if m and m.group(1).lower() not in _STOP and m.group(1).lower() not in _TITLES:
                    e.given = m.group(1)
        self.events = sorted(
            (e for e in ev if e[1] not in (_E, _Q) or not ents[int(e[3])].is_place),
            key=lambda e: e[0],
        )

    def _run(self, i: int, j: int) -> bool:
        """Classify the capitalised run ``i..j``; emit mentions; True if consumed."""
        t = self.t
        low = t.low
        toks = range(i, j + 1)
        prev = low[i - 1] if i and t.sent[i - 1] == t.sent[i] and t.pre[i] == "" else ""
        if any(
            low[k] in _ORG_WORDS and (low[k] not in _SURNAME_LIKE_ORG or prev in _PLACE_LEAD)
            for k in toks
            if k > i or j > i
        ) or (low[i] in _PLACE_START and j > i and t.word[i + 1][0].isupper()):
            for k in toks:
                if low[k] not in _STOP and low[k] not in _ORG_WORDS:
                    self.place_words.add(t.word[k])
            return True
        k = i
        emitted = False
        while k <= j:
            while (
                k <= j
                and low[k] not in _TITLES
                and not self._namey(k)
                and not (k < j and self._plain_cap(k))
            ):
                if low[k] in _KIN_NAMES and t.word[k][0].isupper():
                    self._kin_name(k)
                    emitted = True
                k += 1
            titles: list[str] = []
            start = k
            while k < j and low[k] in _TITLES and (t.word[k][0].isupper()):
                if low[k] == "don" and not t.word[k + 1][0].isupper():
                    break
                titles.append(low[k])
                k += 1
            names: list[str] = []
            multi = j - k >= 1
            while k <= j and len(names) < 3:
                ok = (
                    self._namey(k)
                    or (bool(titles) and not names and low[k] not in _STOP)
                    or (multi and self._plain_cap(k))
                )
                if not ok and names and low[k] in _PARTICLES:
                    k += 1
                    continue
                if not ok:
                    break
                names.append(t.word[k])
                k += 1
                if t.poss[k - 1]:
                    break
            if names:
                self._mention(start, k - 1, titles, names)
                emitted = True
            elif titles:
                if len(titles) == 1 and low[start] in _KIN_NAMES:
                    self._kin_name(start)
                    emitted = True
                k = max(k, start + 1)
            if start == k:
                k += 1
        return emitted

    def _plain_cap(self, k: int) -> bool:
        lw = self.t.low[k]
        return (
            lw not in _STOP
            and lw not in _TITLES
            and lw not in _ROLE_NOUNS
            and lw not in _ORG_WORDS
            and not self.lower_seen[lw]
        )

    def _kin_name(self, k: int) -> None:
        lw = self.t.low[k]
        noun = {"mom": "mother", "mum": "mother", "mama": "mother", "mommy": "mother",
                "mummy": "mother", "dad": "father", "papa": "father", "daddy": "father",
                "granny": "grandmother", "gran": "grandmother", "nana": "grandmother",
                "grandma": "grandmother", "grandpa": "grandfather", "granddad": "grandfather",
                "grandad": "grandfather", "auntie": "aunt"}.get(lw, lw)  # fmt: skip
        eid = self._described(noun, "kin")
        self._emit_mention(k, k, eid)

    def _mention(self, a: int, b: int, titles: list[str], names: list[str]) -> None:
        t = self.t
        low = t.low
        if names[0] in self.place_words or (
            len(names) == 1 and not titles and names[0].lower() in _KNOWN_PLACES
        ):
            self.place_words.add(names[0])
            return
        eid = self._entity_for(titles, names)
        e = self.entities[eid]
        first = a
        # evidence person vs. place
        for tl in titles:
            g = _TITLES.get(tl)
            e.person += 3
            if g:
                # an honorific at the introduction ("Mr. Okafor") is reliable; one that
                # turns up later may be honorary or playful ("Sir Zoë of the Back Garden")
                e.cue(g, tl, 4 if e.mentions == 0 else 1)
        lw0 = names[0].lower()
        if lw0 in _KNOWN_PLACES:
            e.place += 3
        if len(lw0) > 6 and lw0.endswith(_PLACE_SUFFIXES):
            e.place += 1
        s = t.sent[a]
        prev = low[a - 1] if a and t.sent[a - 1] == s and t.pre[a] == "" else ""
        prev2 = low[a - 2] if a > 1 and t.sent[a - 2] == s else ""
        if not titles:
            if lw0 in _MONTHS_AMBIGUOUS and prev in _TIME_PREPS:
                e.place += 2
            elif prev == "of":
                if prev2 in _KIN_NOUNS:
                    e.person += 1
                elif prev2 in _PLACE_OF_NOUNS:
                    e.place += 2
                elif prev2 in _ROLE_NOUNS or prev2 in ("all", "most", "much", "rest", "part"):
                    e.place += 1  # "the CEO of Tidewater", "all of Manhattan"
                else:
                    e.place += 0.5
            elif prev == "at":
                if prev2 not in _AT_PERSON_VERBS:
                    e.place += 1
            elif prev in _PLACE_PREPS:
                e.place += 1 if prev != "from" else 0.5
        if prev in ("the", "a", "an") and not titles:
            e.place += 2  # "the Eteri", "a Curricyclia", "the NeuroSlack ecosystem"
        if prev in _NAME_INTRO or prev in _SPEECH:
            e.person += 2
        nxt = b + 1
        if nxt < len(t.word) and t.sent[nxt] == s and t.pre[nxt] == "" and low[nxt] in _SPEECH:
            e.person += 1
        if t.quote[a]:
            e.person += 0.5
        self._emit_mention(first, b, eid)

    def _emit_mention(self, a: int, b: int, eid: int) -> None:
        t = self.t
        ev = self.events
        quoted = t.quote[a]
        kind = _Q if quoted else _E
        # "the nurse, Elara" / "a girl named Lily": fold the description into the name
        if ev and not quoted:
            _pos, k, s, da, db, end = ev[-1]
            if k == _E and s == t.sent[a] and db == "np":
                gap = t.low[end + 1 : a]
                old = self.entities[int(da)]
                intro = bool(gap) and (gap[-1] in _NAME_INTRO or gap[-2:] == ["name", "of"])
                appos = not gap and t.pre[a] in (",", "") and not old.relational
                if (intro or appos) and old.noun and old.mentions <= 1:
                    ev.pop()
                    self._merge_description(old, eid)
            # "Her name was Kavya": the name belongs to the character just described
            lw3 = t.low[a - 3 : a] if a >= 3 else []
            if (
                len(lw3) == 3
                and lw3[1] == "name"
                and lw3[2] in ("was", "is")
                and (lw3[0] in _POSS_DETS or lw3[0] in self.neo_ok)
            ):
                self._absorb_recent_description(t.sent[a], eid)
        e = self.entities[eid]
        e.mentions += 0.5 if quoted else 1.0
        if not quoted:
            e.first = min(e.first, a)
            if not t.poss[b]:
                e.bare += 1
        ev.append((a, kind, t.sent[a], str(eid), "name", b))

    def _absorb_recent_description(self, sent: int, eid: int) -> None:
        for pos, k, s, da, db, _end in reversed(self.events):
            if s < sent - 3:
                return
            if k != _E or db != "np":
                continue
            old_id = int(da)
            old = self.entities[old_id]
            if old.relational or old_id == eid:
                continue
            e = self.entities[eid]
            self._merge_description(old, eid)
            e.mentions += 1
            e.first = min(e.first, pos)
            for n, ev in enumerate(self.events):
                if ev[1] == _E and ev[3] == da:
                    self.events[n] = (ev[0], ev[1], ev[2], str(eid), "alias", ev[5])
            return

    def _merge_description(self, old: _Entity, eid: int) -> None:
        e = self.entities[eid]
        for cls, words in old.cue_words.items():
            for wd, c in words.items():
                e.cue(cls, wd, _INTRINSIC * c)
        e.person += 2
        old.mentions = 0
        old.first = 10**9
        if old.noun:
            self.aliases[old.noun] = eid

    def _noun_phrase(self, i: int) -> int:
        """Described characters and plural referents starting at determiner ``i``."""
        t = self.t
        low = t.low
        sent = t.sent
        pre = t.pre
        tposs = t.poss
        word = t.word
        n = len(low)
        s = sent[i]
        det = low[i]
        quoted = t.quote[i]
        rel: str | None = None
        if det in _POSS_DETS:
            rel = det
        elif tposs[i]:
            rel = "poss"
        gender_adj: str | None = None
        nb = False
        j = i + 1
        limit = min(n, i + 5)
        while j < limit and sent[j] == s and (pre[j] == "" or pre[j] == ","):
            lw = low[j]
            if lw in _NP_STOP or t.quote[j] != quoted:
                return 0
            if tposs[j]:
                if not rel:
                    rel = "poss"  # "the fisherman's daughter"
                    j += 1
                    continue
            elif lw in _ROLE_NOUNS:
                if word[j][0].isupper() and not t.free[j] and lw not in _GENDERED:
                    return 0
                self._role(i, j, lw, rel, gender_adj, nb)
                return j + 1
            nxt = low[j + 1] if j + 1 < n else ""
            if (
                lw[-1] == "s"
                and (
                    lw in _GENDERED_PLURAL
                    or lw[:-1] in _ROLE_NOUNS
                    or (
                        det in _PLURAL_DETS
                        and len(lw) > 3
                        and lw not in _NOT_PLURAL
                        and lw not in _TIME_WORDS
                        and not lw.endswith(("ss", "us", "is", "ous"))
                        and (
                            not nxt
                            or pre[j + 1] != ""
                            or sent[j + 1] != s
                            or not (nxt[-1] == "s" or nxt in _ROLE_NOUNS)
                        )
                    )
                )
            ) or lw in _GENDERED_PLURAL:
                if not quoted:
                    self.events.append((i, _PL, s, "", "poss" if rel else "", j))
                return j + 1
            if (
                nxt in _NAME_WORDS
                and j + 2 < n
                and word[j + 2][0].isupper()
                and word[j][0].islower()
            ):
                # "a retired circus strongman named Boris": any noun before "named"
                self._role(i, j, lw, rel, gender_adj, nb)
                return j + 1
            if word[j][0].isupper() and lw not in _STOP:
                return 0
            if lw == "female" or lw == "woman":
                gender_adj = F
            elif lw == "male" or lw == "man":
                gender_adj = M
            elif lw in _NONBINARY_WORDS:
                nb = True
            j += 1
        return 0

    def _role(
        self, i: int, j: int, noun: str, rel: str | None, gender_adj: str | None, nb: bool
    ) -> None:
        t = self.t
        low = t.low
        s = t.sent[i]
        quoted = t.quote[i]
        if quoted:
            return
        g = gender_adj or _GENDERED.get(noun)
        if noun in _WEAK_GENDERED and not gender_adj:
            g = None
        # predicate: "she was a young nurse", "Marcus was a quiet man"
        prev = low[i - 1] if i and t.sent[i - 1] == s else ""
        prev2 = low[i - 2] if i > 1 and t.sent[i - 2] == s else ""
        if rel is None and (
            (prev in _COPULA and prev2 not in ("there", "it", "here", "this", "that"))
            or (prev == "as" and prev2 in ("worked", "work", "works", "served", "job"))
        ):
            self.events.append((i, _PRED, s, g or "", noun, j))
            if nb:
                self.events.append((i, _NB, s, "nonbinary", "", j))
            return
        if rel is not None and prev in _COPULA and rel in _POSS_DETS:
            return  # "He had been her mentor": a relation of the subject, not a new person
        # apposition: "Elara, a young nurse," -> cue for the name just before
        if rel is None and t.pre[i] == "," and self.events:
            _pos, k, es, da, db, end = self.events[-1]
            if k == _E and es == s and end == i - 1 and db in ("name", "np", "alias"):
                e = self.entities[int(da)]
                if g:
                    e.cue(g, noun, _INTRINSIC)
                if nb:
                    e.cue(N, "nonbinary", 5)
                if db == "name":
                    self.aliases.setdefault(noun, int(da))
                return
        if rel is None and noun in self.aliases:
            eid = self.aliases[noun]
            e = self.entities[eid]
            e.mentions += 1
            self.events.append((i, _E, s, str(eid), "alias", j))
            return
        eid = self._described(noun, rel)
        e = self.entities[eid]
        if gender_adj:
            e.cue(gender_adj, low[j - 1] if j else noun, 3)
        if nb:
            e.cue(N, "nonbinary", 5)
        e.mentions += 1
        e.first = min(e.first, i)
        self.events.append((i, _E, s, str(eid), "np", j))
        # "a young man named Sipho" handled when the name arrives (see _emit_mention)

    # ---------------------------------------------------------------- resolution
    def strong_votes(self) -> dict[int, Counter[str]]:
        """Pronouns whose antecedent is hardly in doubt.

        A possessive or subject pronoun in a sentence whose only character so far is one
        person ("Kai adjusted their glasses"), and the subject pronoun that opens the
        sentence after one that mentions a single person and nobody else.
        """
        out: dict[int, Counter[str]] = {}
        sole_prev = -1  # the only character of the previous sentence, if exactly one
        cur_sent = -1
        sole = -1
        crowded = False
        seen_char = False
        cls_seen = ""
        sole_end = -1
        dialogue = self.dialogue_sents
        for pos, kind, s, a, b, _end in self.events:
            if s != cur_sent:
                adjacent = s == cur_sent + 1 and cur_sent not in dialogue
                sole_prev = sole if seen_char and not crowded and adjacent else -1
                cur_sent = s
                sole = -1
                crowded = False
                seen_char = False
                cls_seen = ""
            if kind == _E:
                eid = int(a)
                if self.entities[eid].relational:
                    crowded = True
                elif sole == -1 and not crowded:
                    sole = eid
                    sole_end = _end
                elif sole != eid:
                    crowded = True
                seen_char = True
            elif kind == _PL:
                crowded = True
                seen_char = True
            elif kind == _P:
                if cls_seen and a != cls_seen:
                    crowded = True
                if s in dialogue:  # '"…," she said': speakers alternate, nothing is sure
                    crowded = True
                    seen_char = True
                    continue
                if not seen_char and sole_prev >= 0 and b in _SUBJECT_FORMS:
                    _inc(out, sole_prev, a)
                    sole = sole_prev
                    sole_end = pos
                elif (
                    sole >= 0
                    and not crowded
                    and b not in _OBJECT_FORMS
                    and not (b in _OBJECT_OR_POSS and self._object_her(pos))
                    and (b in _REFLEXIVE or pos - sole_end <= 3)
                ):
                    _inc(out, sole, a)
                elif b in _OBJECT_FORMS or sole < 0:
                    crowded = True
                cls_seen = cls_seen or a
                seen_char = True
        return out

    def anti_votes(self) -> dict[int, Counter[str]]:
        """Binding: an object pronoun is not the subject of its own clause.

        "Ines put down the kettle and kissed him" says Ines is not "he". Only the first
        character after the subject counts, with no subordinate clause in between.
        """
        out: dict[int, Counter[str]] = {}
        t = self.t
        cur_sent = -1
        subject = -1
        subject_end = -1
        for pos, kind, s, a, b, end in self.events:
            if s != cur_sent:
                cur_sent = s
                subject = -2
            if subject == -2:
                subject = -1
                if kind == _E and not t.poss[end]:
                    eid = int(a)
                    if not self.entities[eid].relational:
                        subject = eid
                        subject_end = end
                continue
            if subject < 0:
                continue
            if kind == _P and (
                b in _OBJECT_FORMS or (b in _OBJECT_OR_POSS and self._object_her(pos))
            ):
                between = t.low[subject_end + 1 : pos]
                if (
                    not any(w in _CLAUSE_BREAK for w in between)
                    and "," not in t.pre[subject_end + 1 : pos + 1]
                ):
                    _inc(out, subject, a)
            if kind in (_E, _P, _PL):
                subject = -1
        return out

    def resolve(self, known: dict[int, str], online: bool = True) -> dict[int, Counter[str]]:
        """Attribute each narration pronoun to a character; ``known`` are genders so far."""
        t = self.t
        votes: dict[int, Counter[str]] = {}
        clear: dict[int, Counter[str]] = {}
        self.cue_forms = {}
        self.nb_words = {}
        cur: list[int] = []
        prev: list[int] = []
        recent: list[int] = []
        dialog: list[int] = []
        cur_sent = -1
        last_end = -1  # end of the last character event in this sentence
        low = t.low
        anon = -1  # a pronoun before any character: cataphora ("His mother called, but Oliver…")
        anon_subject = False
        last_poss = -1
        front_end = -1  # "When the emperor called, a young woman named Mulan cut her hair"
        fronted: list[int] = []
        for pos, kind, s, a, b, end in self.events:
            if s != cur_sent:
                if cur or fronted:
                    prev = cur + fronted if cur else fronted
                cur = []
                fronted = []
                cur_sent = s
                last_end = -1
                front_end = self.front_end.get(s, -1)
            if front_end >= 0 and pos >= front_end and kind in (_E, _PL, _P):
                fronted, cur = cur, []
                front_end = -1
            if kind in (_E, _PL):
                # "Marcus and Lena", "she and her brother": a conjoined subject is a group
                if (
                    last_end >= 0
                    and low[last_end + 1 : pos] == ["and"]
                    and len(cur) <= 2
                    and PLURAL not in cur
                ):
                    cur.insert(0, PLURAL)
                elif kind == _E and PLURAL not in cur and self._conjoined_name(pos, end):
                    cur.insert(0, PLURAL)  # "Alex and Maya" with "Alex" not read as a name
                if kind == _E:
                    eid = int(a)
                    ent = self.entities[eid]
                    if anon >= 0 and ent.label and not ent.relational:
                        if not anon_subject:
                            self._merge_anon(anon, eid, votes, (cur, prev, recent, fronted))
                        anon = -1
                    if ent.relational and cur and cur[-1] >= 0 and last_poss == pos:
                        cur.insert(len(cur) - 1, eid)  # "his mother": the NP outranks "his"
                    else:
                        cur.append(eid)
                    self._touch(recent, eid)
                elif b == "poss" and cur and cur[-1] >= 0 and (last_poss == pos or last_end == pos):
                    cur.insert(len(cur) - 1, PLURAL)  # "Camila's students", "her hands"
                else:
                    cur.append(PLURAL)
                last_end = end
            elif kind == _Q:
                self._touch(dialog, int(a))
            elif kind == _P:
                cls, form = a, b
                look_back = fronted + prev if fronted and not cur else prev
                ref = self._antecedent(
                    cls, form, pos, cur, look_back, recent, dialog, known, clear if online else {}
                )
                if ref == UNRESOLVED and not cur and not prev and not recent:
                    if cls == T and not self.singular_they:
                        # a story that opens on a bare "they" ("They moved from room to
                        # room") is about a group or people in general, not one person
                        ref = PLURAL
                    else:
                        ref = anon = self._anonymous(cls)
                if ref == anon and ref >= 0 and form in _SUBJECT_FORMS:
                    anon_subject = True
                is_clear = ref >= 0 and self._clear(s, cur, prev)
                if is_clear:
                    if ref not in clear:
                        clear[ref] = Counter()
                    clear[ref][cls] += 1
                if ref >= 0 and (online or is_clear):
                    if ref not in votes:
                        votes[ref] = Counter()
                        self.cue_forms[ref] = {}
                    votes[ref][cls] += 1
                    forms = self.cue_forms[ref]
                    if cls not in forms:
                        forms[cls] = Counter()
                    forms[cls][form] += 1
                if ref >= 0:
                    self._touch(recent, ref)
                cur.append(ref)
                if form in _POSS_DETS:
                    last_poss = pos
                else:
                    last_end = end
            elif kind == _PRED:
                subj = cur[0] if cur else UNRESOLVED
                if subj >= 0 and a:
                    _inc(votes, subj, a, 2)
                    if subj not in self.cue_forms:
                        self.cue_forms[subj] = {}
                    _inc(self.cue_forms[subj], a, b)
            elif kind == _NB:
                for ref in cur[:2] or prev[:1]:
                    if ref >= 0:
                        _inc(self.nb_words, ref, a)
            if fronted and cur:
                cur.extend(fronted)
                fronted = []
        return votes

    def _conjoined_name(self, a: int, b: int) -> bool:
        """Is the mention ``a..b`` joined by "and" to a capitalised word of its sentence?"""
        t = self.t
        low = t.low
        word = t.word
        s = t.sent[a]
        if a >= 2 and low[a - 1] == "and" and t.sent[a - 2] == s and t.pre[a - 1] == "":
            w = word[a - 2]
            if w[0].isupper() and low[a - 2] not in _STOP and t.pre[a] == "":
                return True
        c = b + 2
        if c < len(low) and low[b + 1] == "and" and t.sent[c] == s and t.pre[b + 1] == "":
            w = word[c]
            return w[0].isupper() and low[c] not in _STOP and t.pre[c] == ""
        return False

    def _clear(self, sent: int, cur: list[int], prev: list[int]) -> bool:
        """Is the antecedent beyond doubt? One person in view and no dialogue nearby."""
        if sent in self.dialogue_sents or sent - 1 in self.dialogue_sents:
            return False
        return len({c for c in (cur or prev) if c >= 0}) <= 1

    def _merge_anon(
        self, anon: int, eid: int, votes: dict[int, Counter[str]], lists: tuple[list[int], ...]
    ) -> None:
        for lst in lists:
            for k, v in enumerate(lst):
                if v == anon:
                    lst[k] = eid
        moved = votes.pop(anon, None)
        if moved:
            votes.setdefault(eid, Counter()).update(moved)
        forms = self.cue_forms.pop(anon, None)
        if forms:
            mine = self.cue_forms.setdefault(eid, {})
            for cls, c in forms.items():
                mine.setdefault(cls, Counter()).update(c)

    def _anonymous(self, cls: str) -> int:
        """The character a story opens on with a bare pronoun; its pronoun defines it."""
        for k, e in enumerate(self.entities):
            if e.noun == "" and e.relational is None:
                return k
        e = _Entity(noun="", first=0)
        e.fixed[cls] = _INTRINSIC
        self.entities.append(e)
        return len(self.entities) - 1

    @staticmethod
    def _touch(stack: list[int], eid: int) -> None:
        if eid in stack:
            stack.remove(eid)
        stack.append(eid)
        if len(stack) > 6:
            del stack[0]

    def _antecedent(
        self,
        cls: str,
        form: str,
        pos: int,
        cur: list[int],
        prev: list[int],
        recent: list[int],
        dialog: list[int],
        known: dict[int, str],
        running: dict[int, Counter[str]],
    ) -> int:
        cands: list[int] = []
        if not cur:
            if prev:
                cands.append(prev[0])
                cands.extend(reversed(prev))
        else:
            subject = cur[0]
            if form in _OBJECT_FORMS or (
                form in _OBJECT_OR_POSS and self._object_her(pos)
            ):  # an object pronoun is never its own clause's subject
                own = self._clause_subject(pos, subject)
                cands.extend(c for c in reversed(cur) if c != own)
                if prev:
                    cands.append(prev[0])
                    cands.extend(reversed(prev))
                cands.append(own)
            else:
                cands.append(subject)
                cands.extend(reversed(cur))
                if prev:
                    cands.append(prev[0])
                    cands.extend(reversed(prev))
        near = len(cands)
        cands.extend(reversed(recent))
        cands.extend(reversed(dialog))
        if cls == T:
            # plural "they" is far more common than singular "they": a group nearby wins,
            # unless the subject it continues is a person not known to be "she" or "he"
            lead = cands[0] if cands else UNRESOLVED
            lead_g = known.get(lead) if lead >= 0 else None
            if lead >= 0 and lead_g is None and lead in running:
                run = running[lead]
                lead_g = max(run, key=run.__getitem__)
            if lead == PLURAL:
                return PLURAL
            if cur and PLURAL in cur and lead_g != T:
                return PLURAL
            if not cur and PLURAL in prev and lead_g not in (T, None):
                return PLURAL
            if not cur and lead_g != T:
                # "Erykki, a child, caught the eye of Imtali, an alchemist. They were …":
                # two people in the sentence before and nobody known to be "they"
                people = {c for c in prev if c >= 0}
                if len(people) >= 2 and not any(known.get(c) == T for c in people):
                    return PLURAL
        seen: set[int] = set()
        fallback = -1
        for n, c in enumerate(cands):
            if c in seen or c == UNRESOLVED:
                continue
            seen.add(c)
            if c == PLURAL:
                if cls == T and n < near:
                    return PLURAL
                continue
            g = known.get(c)
            if g is None and c in running:
                run = running[c]
                if not run[cls]:  # so far only other pronouns: take the commonest
                    g = max(run, key=run.__getitem__)
            exact = g == cls or (cls == N and g == T)
            if n < near:
                if exact or g is None:
                    return c
            elif exact:  # further back, someone known to fit beats an unknown
                return c
            elif g is None and fallback < 0:
                fallback = c
        return fallback if fallback >= 0 else UNRESOLVED

    def _clause_subject(self, pos: int, subject: int) -> int:
        """The subject of the clause holding ``pos``: the last person named before it,
        unless a comma or a subordinating word intervenes ("…, and Ilse called him")."""
        last, end = self.last_named
        if last >= 0 and end < pos:
            t = self.t
            between = t.low[end + 1 : pos]
            if "," not in t.pre[end + 1 : pos + 1] and not any(w in _CLAUSE_BREAK for w in between):
                return last
        return subject

    def _object_her(self, pos: int) -> bool:
        t = self.t
        nxt = pos + 1
        if nxt >= len(t.low) or t.pre[nxt] != "" or t.sent[nxt] != t.sent[pos]:
            return True
        return t.low[nxt] in _NP_STOP or t.low[nxt] in ("a", "the", "an", "up", "down", "back")


def _provisional(
    entities: list[_Entity],
    votes: dict[int, Counter[str]] | None,
    strong: dict[int, Counter[str]],
    anti: dict[int, Counter[str]],
    binary: bool,
) -> dict[int, str]:
    """Genders so far: decisive majorities, and "not he" -> "she" when only she/he occur."""
    known: dict[int, str] = {}
    for k, e in enumerate(entities):
        if e.fixed:
            cls0 = max(e.fixed, key=e.fixed.__getitem__)
            if e.fixed[cls0] >= _INTRINSIC:  # "the emperor", "the old woman": settled
                known[k] = cls0
                continue
        mine = votes.get(k) if votes else None
        backed = strong.get(k)
        against = anti.get(k)
        if not (e.fixed or mine or backed or against):
            continue
        total: dict[str, int] = dict(e.fixed)
        if mine:
            for cls, c in mine.items():
                total[cls] = total.get(cls, 0) + c
        if backed:
            for cls, c in backed.items():
                total[cls] = total.get(cls, 0) + 2 * c
        if against:
            for cls, c in against.items():
                total[cls] = total.get(cls, 0) - 2 * c
        positive = [(c, cls) for cls, c in total.items() if c > 0]
        if positive:
            positive.sort(reverse=True)
            c1, top = positive[0]
            c2 = positive[1][0] if len(positive) > 1 else 0
            if c1 >= 2 and c1 >= 2 * c2:
                known[k] = top
                continue
        if binary and against and not positive:
            ruled_out = {cls for cls, c in total.items() if c < 0} & {F, M}
            if len(ruled_out) == 1:
                known[k] = M if F in ruled_out else F
    if binary:
        # a she and a he in the narration and two people: if one is settled, the other is
        # most likely the other one (couples, mentor and student, rivals); the person a
        # story opens on with a bare "He proposed …" counts as one of the two
        named = sorted(
            (k for k, e in enumerate(entities) if e.label and e.mentions >= 1 and e.first < 10**9),
            key=lambda k: -entities[k].mentions,
        )[:2]
        if len(named) == 1:
            named += [k for k, e in enumerate(entities) if e.noun == "" and e.fixed][:1]
        if len(named) == 2:
            a, b = named
            if a in known and b not in known and known[a] in (F, M):
                known[b] = M if known[a] == F else F
            elif b in known and a not in known and known[b] in (F, M):
                known[a] = M if known[b] == F else F
    return known


# --------------------------------------------------------------------------- first person

_GENDERED_ALT = "|".join(
    sorted((w for w in _GENDERED if w not in _WEAK_GENDERED), key=len, reverse=True)
)
_ADJS = r"(?:(?:just|only|still|now|a|an|the|one|such)\s+)*(?:[a-z][a-z'’-]*,?\s+){0,3}?"
_SELF_NOUN = re.compile(
    # "I was a twenty-six-year-old man", "I am an old woman now", "me, a grown man"
    rf"\b(?:I\s*(?:'m|’m|am|was|'d been|’d been|had been|have been|'ve been|’ve been|became|"
    rf"become|remain|remained)|me,)\s+{_ADJS}({_GENDERED_ALT})\b(?!['’])"
    # "As a mother, I ...", "Being the only woman on an oil rig ..." (sentence-initial)
    rf"|(?:^|[.!?]\s+|\n)(?:As|Being)\s+{_ADJS}({_GENDERED_ALT})\b(?!['’])"
    rf"(?=[^.!?\n]{{0,80}}?(?:,\s*I\b|\s+(?:teaches|taught|means|meant|makes|made)\b))"
)
_SELF_NB = re.compile(
    r"\bI(?:'m|’m| am| was)\s+(?:\w+\s+)?(?:nonbinary|non-binary|genderqueer|agender|"
    r"genderfluid|enby)\b|\bmy pronouns are\b|\bI use (?:they|xe|ze|fae|ey)\b",
    re.I,
)
_NAME_TAIL = (
    r"\s+(?:(Mrs|Mr|Ms|Mx|Miss|Dr|Doctor|Professor|Sister|Brother|Father)\.?\s+)?"
    r"([A-Z][^\W\d_]+(?:-[A-Z]?[^\W\d_]+)?)"
)
_SELF_NAMES = tuple(
    re.compile(p + _NAME_TAIL)
    for p in (
        r"\b[Mm]y name(?:'s|’s| is| was)",
        r"\bI(?:'m|’m| am)",
        r"\b(?:[Cc]all(?:s|ed)? me|I,)",
    )
)
_VOCATIVE = {
    "ma'am": F, "ma’am": F, "madam": F, "miss": F, "mom": F, "mommy": F, "mama": F,
    "mum": F, "mummy": F, "mother": F, "grandma": F, "granny": F, "nana": F, "auntie": F,
    "señora": F, "lady": F, "sis": F,
    "sir": M, "mister": M, "dad": M, "daddy": M, "papa": M, "father": M, "grandpa": M,
    "uncle": M, "señor": M, "son": M, "bro": M, "lad": M, "boy": M, "girl": F,
}  # fmt: skip


class _Narrator:
    """Gender and name of a first-person narrator from what the text says about ``I``."""

    def __init__(self, reader: _Reader, prose_text: str) -> None:
        self.cues: Counter[str] = Counter()
        self.words: dict[str, Counter[str]] = {}
        self.name: str | None = None
        t = reader.t
        for m in _SELF_NOUN.finditer(prose_text):
            noun = (m.group(1) or m.group(2)).lower()
            g = _GENDERED.get(noun)
            if g:
                self._add(g, noun, 3)
        if _SELF_NB.search(prose_text):
            self._add(N, "nonbinary", 5)
        for pattern in _SELF_NAMES:
            for named in pattern.finditer(prose_text):
                word = named.group(2)
                lw = word.lower()
                if lw in _STOP or lw in _ROLE_NOUNS or lw in _NONBINARY_WORDS:
                    continue
                title = (named.group(1) or "").lower()
                if self.name is None:
                    self.name = word
                g = _TITLES.get(title) if title else None
                if g:
                    self._add(g, title, 3)
        # dialogue addressed to the narrator (spoken by someone else)
        narration_names = {
            e.label for e in reader.entities if e.label and e.first < 10**9 and not e.noun
        }
        dialog_only: list[tuple[str | None, str | None, bool]] = []
        quoted = [k for k, q in enumerate(t.quote) if q]
        spans: list[tuple[int, int]] = []
        for k in quoted:  # runs of quoted words, split where a new quote opens
            if spans and spans[-1][1] == k - 1 and t.pre[k] != "q":
                spans[-1] = (spans[-1][0], k)
            else:
                spans.append((k, k))
        q_events = [(pos, int(a)) for pos, kind, _s, a, _b, _e in reader.events if kind == _Q]
        for i, j in spans:
            speaker_is_me = self._spoken_by_me(t, i, j)
            if not speaker_is_me:
                for k in range(i, j + 1):
                    lw = t.low[k]
                    g = _VOCATIVE.get(lw)
                    if g is None:
                        continue
                    vocative = (
                        k == j or t.pre[k] in (",", "q") or t.pre[k + 1] in (",", ".", "!", "?")
                    )
                    if vocative and (
                        lw not in ("miss", "lady", "boy", "girl")
                        or t.word[k][0].isupper()
                        or t.pre[k] == ","
                    ):
                        self._add(g, lw, 1)
            for pos, eid in q_events:
                if i <= pos <= j:
                    e = reader.entities[eid]
                    if e.label and e.label not in narration_names:
                        title_g = e.fixed.most_common(1)[0][0] if e.fixed else None
                        dialog_only.append((e.label, title_g, speaker_is_me))
        if self.name is None:
            others = [d for d in dialog_only if not d[2]]
            pick = others[0] if others else None
            if pick is None:
                titled = [d for d in dialog_only if d[1]]
                pick = titled[0] if titled else None
            if pick:
                self.name = pick[0]
                if pick[1]:
                    self._add(pick[1], "title", 3)

    @staticmethod
    def _spoken_by_me(t: _Tokens, i: int, j: int) -> bool:
        s0, s1 = t.sent[i], t.sent[j]
        for k in range(max(0, i - 6), min(len(t.word), j + 6)):
            if t.quote[k]:
                continue
            if (t.sent[k] in (s0, s1) or (t.sent[k] == s1 + 1 and k > j)) and t.word[k] == "I":
                nxt = t.low[k + 1] if k + 1 < len(t.low) else ""
                if nxt in _SPEECH or t.low[k - 1] in _SPEECH:
                    return True
        return False

    def _add(self, cls: str, word: str, weight: int) -> None:
        self.cues[cls] += weight
        _inc(self.words, cls, word)


# --------------------------------------------------------------------------- decision


def _decide(
    votes: Counter[str],
    fixed: Counter[str],
    words: dict[str, Counter[str]],
    nb_words: Counter[str],
    standalone: bool = True,
) -> tuple[str, dict[str, int]]:
    """Weigh pronoun votes and fixed cues (titles, gendered nouns) into a category.

    A singular *they* needs a person the narration mentions on their own at least
    once: a "they" chain hanging off a lone possessive ("Marisol's shop …; their
    bread … they …") is far more often the shop, a team or a company than one person.
    """
    nb = sum(nb_words.values())
    score: Counter[str] = Counter()
    score[F] = votes[F] + fixed[F]
    score[M] = votes[M] + fixed[M]
    # singular "they" is the marked reading: it needs two votes and a clear lead over she/he
    single_they = votes[T] if votes[T] >= 2 and votes[T] > 2 * max(votes[F], votes[M]) else 0
    if not standalone:
        single_they = 0
    if nb and votes[T]:
        single_they = votes[T]
    score[N] = votes[N] + fixed[N] + single_they + fixed[T]
    if nb and score[N] > 0:
        score[N] += 5 * nb
    if not any(score.values()):
        return "unknown", {}
    best, top = score.most_common(1)[0]
    if top <= 0:
        return "unknown", {}
    cues: Counter[str] = Counter()
    for cls in (N, T) if best == N else (best,):
        cues.update(words.get(cls, Counter()))
    if best == N:
        cues.update(nb_words)
    return CATEGORY[best], dict(cues.most_common())


def _salience(reader: _Reader, votes: dict[int, Counter[str]]) -> int | None:
    """The protagonist: mentions, resolved pronouns, title, first introduction, a name."""
    title_words = reader.title_words
    best: tuple[float, int] | None = None
    firsts = sorted(
        (e.first, k) for k, e in enumerate(reader.entities) if e.first < 10**9 and not _excluded(e)
    )
    first_id = firsts[0][1] if firsts else -1
    for k, e in enumerate(reader.entities):
        if _excluded(e):
            continue
        mine = votes.get(k)
        refs = sum(mine.values()) if mine else 0
        score = e.mentions + _W_REFS * refs
        if score <= 0:
            continue
        if e.label and (
            e.label.lower() in title_words
            or (e.surname and e.surname.lower() in title_words)
            or (e.given and e.given.lower() in title_words)
        ):
            score += _W_TITLE
        elif e.noun and e.noun in title_words:
            score += 2
        if k == first_id and (refs or e.mentions >= 2):
            score += _W_FIRST
        if e.label:
            score += _NAMED_BONUS
        if e.relational:
            score -= 2
        if best is None or score > best[0]:
            best = (score, k)
    return best[1] if best else None


_NAMED_BONUS = 4.0
_ONLINE_PASSES = 1
_W_REFS = 0.6
_W_TITLE = 5.0
_W_FIRST = 3.0
_INTRINSIC = 10


def _excluded(e: _Entity) -> bool:
    """Places and other people's relatives ("his mother") are never the protagonist."""
    return e.is_place or (e.relational is not None and e.relational not in ("my", "kin"))


def _passes(reader: _Reader) -> tuple[dict[int, Counter[str]], dict[int, str]]:
    """Cautious first pass, then two passes that use the genders found so far."""
    ents = reader.entities
    strong = reader.strong_votes()
    anti = reader.anti = reader.anti_votes()
    classes = Counter(a for _p, kind, _s, a, _b, _e in reader.events if kind == _P)
    # only she and he in play (a "they" or two is a group): one settled person settles
    # the other in a two-person story, see _provisional
    binary = bool(classes[F] and classes[M]) and not classes[N] and classes[T] <= 2
    known = _provisional(ents, None, strong, anti, binary)
    votes = reader.resolve(known, online=False)
    for _ in range(_ONLINE_PASSES):
        known = _provisional(ents, votes, strong, anti, binary)
        votes = reader.resolve(known)
    return votes, known


@lru_cache(maxsize=512)
def analyse(text: str) -> Analysis:
    """Read ``text`` once for both the gender and the name extractor (cached).

    >>> analyse("Kai checked their bag. They were late again, and Kai knew it.").gender
    'nonbinary'
    """
    reader = _Reader(text)
    reader.extract()
    ents = reader.entities
    third: Counter[str] = Counter()
    for _pos, kind, _s, a, _b, _e in reader.events:
        if kind == _P:
            third[a] += 1
    n_i = reader.first_person_count
    top_third = max(third[F], third[M], third[N])
    n_you = reader.second_person_count
    if n_you >= 4 and n_you >= top_third and n_you > n_i:
        # second-person narration ("You clock in at seven"): the reader is the protagonist
        return Analysis(reader.title, False, None, "unknown", {}, narrator=True)
    if n_i >= 3 and n_i >= 0.5 * top_third:  # a first-person narrator tells their own story
        narrator = _Narrator(reader, reader.prose)
        cat, cues = _decide(Counter(), narrator.cues, narrator.words, Counter())
        return Analysis(reader.title, True, narrator.name, cat, cues, narrator=True)
    votes, _known = _passes(reader)
    pid = _salience(reader, votes)
    if pid is None:
        return Analysis(reader.title, False, None, "unknown", {})
    e = ents[pid]
    words: dict[str, Counter[str]] = {}
    for cls, c in e.cue_words.items():
        words.setdefault(cls, Counter()).update(c)
    for cls, c in reader.cue_forms.get(pid, {}).items():
        words.setdefault(cls, Counter()).update(c)
    cat, cues = _decide(
        votes.get(pid, Counter()),
        e.fixed,
        words,
        reader.nb_words.get(pid, Counter()),
        standalone=e.bare > 0 or e.mentions >= 2 or bool(e.noun),
    )
    name = e.label if not e.noun else None
    return Analysis(reader.title, False, name, cat, cues)
