"""From article text to facts: the extractor's pipeline.

    sentences -> figures with spans -> role, metric, segment, year, office of each figure
              -> figures read together (ranges, lists, "masing-masing": ``lists``)
              -> drop what is not an office's target/realization/attainment -> dedupe

Which office owns a figure is ``owners``' business; the offices and places the article names
come from ``offices`` and ``places``; a figure's segment and participant kind from ``segments``.

Each figure is read from the words around it: its *left context* (from the end of the previous
figure, or the start of the sentence, to the figure), the noun and hedge attached to it, and
the phrase right after it. What a sentence leaves open is taken from what the article said just
before (the year it was talking about, the segment of the paragraph, the metric of the last
figure, the office it was about), because news copy rarely repeats the subject of a list.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal

from capaian.news.extract import lexicon, lists
from capaian.news.extract.figures import Figure, find_figures
from capaian.news.extract.office_names import contains, national
from capaian.news.extract.offices import Mention, Office, office_mentions
from capaian.news.extract.owners import SEVERAL, carried_office, figure_owner
from capaian.news.extract.places import bare_places
from capaian.news.extract.reading import Reading
from capaian.news.extract.segments import (
    SEGMENT_AFTER,
    kind_of,
    segment_of,
    segments_named,
    without_excluded,
)
from capaian.news.extract.sentences import Sentence, split_sentences
from capaian.news.extract.years import (
    YearMention,
    article_date,
    counted_from,
    nearest_year,
    year_mentions,
)

_UNIT_OF_METRIC = {"participants": "persons", "employers": "employers", "contributions": "IDR"}
# "127 ribu peserta yang mendaftar, atau sekitar 40 persen": a percentage in apposition.
_ATAU_BEFORE = re.compile(r"\batau\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_DENOMINATOR_BEFORE = re.compile(
    # Not "berasal dari" (from), "lebih/kurang dari" (hedges), "terdiri dari" (a breakdown).
    r"(?<!berasal )(?<!lebih )(?<!kurang )(?<!terdiri )"
    r"\bdari\s+(?:total\s+|sekitar\s+|jumlah\s+)?$",
    re.IGNORECASE,
)
_BASE_OF_COVERAGE = re.compile(
    r"^\W*dan\s+yang\s+(?:sudah\s+|telah\s+|baru\s+)?"
    r"(?:tercover|terdaftar|terlindungi|menjadi\s+peserta)",
    re.IGNORECASE,
)
_POTENTIAL_AFTER = re.compile(
    # "2.500 perusahaan di Kudus belum mendaftarkan ...": a place may come first; "20.000
    # pekerja sektor informal yang belum terdaftar": a few words of what they are, too.
    r"^\W*(?:di\s+(?:(?:(?-i:[A-Z])[\w.-]*|dan|&)\s+){1,5}?)?"
    r"(?:potensi|(?:(?-i:[a-z]+)\s+){0,3}?yang\s+(?:belum|tidak)\b|belum|dianggap\s+realistis|"
    r"non[- ]?aktif|tidak\s+aktif)",
    re.IGNORECASE,
)
# "masih kurang sekitar 15 ribu lagi", "kekurangan 2.000 peserta": what is still missing (not
# "kurang dari" nor "kurang lebih", hedges).
_STILL_SHORT = re.compile(
    r"\b(?:kurang|kekurangan|selisih(?:nya)?|tersisa|sisa(?:nya)?)\b(?!\s+(?:lebih|dari)\b)"
    r"(?:\s+(?:sekitar|sebanyak|sebesar|lagi|hanya))?\s*$",
    re.IGNORECASE,
)
# "3.600 pekerja dari perusahaan-perusahaan itu belum terlindungi", "214 perusahaan yang baru
# mendaftarkan sebagian karyawannya (PDS)": later in the figure's clause, who do not take part
# (yet), or employers that register only some of their workers.
_NOT_YET_TAKING_PART = re.compile(
    r"\b(?:belum|tidak)\s+(?:pernah\s+)?(?:ter(?:daftar|lindungi|cover|jamin)|menjadi\s+peserta|"
    r"mendaftar\w*|didaftarkan|dilindungi|ikut\w*|memiliki\s+jaminan)\b|"
    r"\bmendaftarkan\s+sebagian\b|\bdaftar\s+sebagian\b|\b(?-i:PDS)\b|"
    # "7.669 pekerja menjadi nonaktif": who stopped taking part
    r"\bmenjadi\s+non-?aktif\b|\bdinonaktifkan\b",
    re.IGNORECASE,
)
_CLAUSE_AFTER = re.compile(r"[;.](?!\d)|,(?!\d)|\b(?:sedangkan|sementara|namun|tetapi)\b")
# A verb of achieving governed by a target word: "menargetkan ... dapat menjaring", "target
# untuk merekrut", "ditargetkan bisa tercapai".
_AIMED_AT = re.compile(r"\b(?:dapat|bisa|mampu|akan|untuk|agar|supaya|harus)\b", re.IGNORECASE)
# "ditargetkan menjaring", "menargetkan akuisisi": a target verb governing what is to be achieved.
_TARGETED_TO = re.compile(
    r"(?:ditarget(?:kan)?|menargetkan)\s+(?:me(?:njaring|rekrut|ncapai|raih|ngakuisisi|ndaftarkan|"
    r"lindungi|nghimpun)|tercapai|terealisasi|akuisisi|penambahan|perekrutan)\b",
    re.IGNORECASE,
)
# "menargetkan jumlah peserta aktif menembus 58 juta": a target verb governs what follows it.
_TARGET_VERB = re.compile(
    r"(?:menargetkan|mentargetkan|ditargetkan|mematok|dipatok|membidik|dibidik)\b", re.IGNORECASE
)
_NEW_CLAUSE = re.compile(r"\b(?:sedangkan|sementara|atau)\b", re.IGNORECASE)
# "Jumlah pekerja di Kabupaten Kudus sebanyak ...", "pekerja di sektor informal sekitar ...":
# the workers of an area or a sector, who are participants only where the clause says so.
_WORKERS_OF_AN_AREA = re.compile(
    r"\b(?:pekerja|tenaga\s+kerja|buruh|karyawan|angkatan\s+kerja)\s+(?:yang\s+ada\s+)?di\s+",
    re.IGNORECASE,
)
# "ada sekitar 62.185 pekerja BPU di Kabupaten Pasaman": people there are in an area.
_IN_AN_AREA_AFTER = re.compile(
    r"^\s*(?:[\w()]+\s+){0,4}?di\s+(?:(?:kabupaten|kota|provinsi|wilayah|daerah|kecamatan)\b|"
    r"(?-i:[A-Z]))",
    re.IGNORECASE,
)
_PERSON_WORDS = re.compile(
    r"\bpekerja\b|\btenaga\s+kerja\b|\bjiwa\b|\borang\b|\bkepesertaan\b|\bpeserta\s+aktif\b",
    re.IGNORECASE,
)
_KIND_ADJECTIVE = re.compile(r"\s*(?:baru|aktif)\b", re.IGNORECASE)
_KEY_VALUE_LINE = re.compile(r"^[^:\d\n]{2,60}\s:\s")
# Cues that make a figure a result only by default; a count of people read with one of them
# in a paragraph that never says they take part is a population ("ada 650.000 tenaga kerja").
_WEAK_ROLE_CUES = ("weak_word_before", "word_in_clause", "listed", "sentence", "parallel")
# "Kalau digabung kedua kantor cabang di Pekanbaru, total ada 360 ribu": a sum over offices,
# whose own office the sentence does not name.
_SUM_OF_OFFICES = re.compile(
    r"\bdigabung(?:kan)?\b|(?<![\d.,])\b(?:kedua|ketiga|keempat|kelima|dua|tiga|empat|lima|enam|"
    r"\d{1,2})\s+"
    r"(?:kantor\s+)?(?:cabang|KCP?|kanwil|kantor\s+wilayah)\b",
    re.IGNORECASE,
)
# "Sementara, untuk PU ...", "Sedangkan bagi BPU ...": a sentence that says the same of another
# segment, office or metric as the sentence before it.
_PARALLEL_START = re.compile(
    r"^\W*(?:sementara(?:\s+itu)?|sedangkan|adapun)\s*,?\s*(?:untuk|bagi)\s", re.IGNORECASE
)
# Unless it turns to what is, not what is aimed at: "Sedangkan untuk pekerja aktif, ...".
_STATE_WORDS = re.compile(
    r"\b(?:aktif|terdaftar|tercatat|saat\s+ini|kini|sudah|telah|posisi)\b", re.IGNORECASE
)
_LIST_ITEM_PARAGRAPH = 160  # characters: "Selanjutnya Gorontalo 193.218 atau 49 persen."
# Below this a rupiah figure is a rate, a fee or a wage ("upah minimum Rp 2,5 juta"), not what an
# office collects in a year (the smallest of those in real articles is some hundreds of millions).
_MIN_RUPIAH = Decimal(50_000_000)


@dataclass
class _ArticleState:
    """What the article has established so far, for sentences that leave it open."""

    year: int | None = None
    data_year: int | None = None
    context_year: int | None = None
    topic_metric: str | None = None
    paragraph: int = -1
    paragraph_segment: str | None = None
    takes_part: _ParagraphsTakingPart | None = None
    previous_readings: list[Reading] = field(default_factory=list)
    previous_had_target: bool = False
    office: Office | None = None
    health_agency: bool = False  # the agency named last is the health one (BPJS Kesehatan)


def read_article(text: str, published_at: str | None = None) -> list[Reading]:
    """Every figure of the article with its reading, facts and non-facts alike."""
    date = article_date(text, published_at)
    state = _ArticleState(year=date.year, data_year=date.data_year)
    # Offices and years are found in one pass over the article, then handed out by sentence.
    offices = office_mentions(text, 0, len(text))
    all_mentions = sorted([*offices, *bare_places(text, offices)], key=lambda m: m.start)
    all_years = year_mentions(text, 0, len(text), state.year, date.month)
    state.office = offices[0].office if offices else None
    year_positions = [y.position for y in all_years]
    mention_positions = [m.start for m in all_mentions]
    readings: list[Reading] = []
    sentences = split_sentences(text)
    state.takes_part = _ParagraphsTakingPart(text, sentences)
    for sentence in sentences:
        if sentence.paragraph != state.paragraph:
            state.paragraph, state.paragraph_segment = sentence.paragraph, None
        years = counted_from(_within(all_years, year_positions, sentence), state.context_year)
        mentions = _within(all_mentions, mention_positions, sentence)
        agencies = _agencies_named(sentence.text_of(text))
        sentence_readings = _read_sentence(text, sentence, years, mentions, agencies, state)
        readings.extend(sentence_readings)
        _remember(text, sentence, years, mentions, agencies, sentence_readings, state)
    return readings


class _ParagraphsTakingPart:
    """Which paragraphs say somewhere that the people they count take part (are registered,
    protected, participants): only there is a bare count of people a result. Asked rarely, so
    each paragraph is read only when asked about."""

    def __init__(self, text: str, sentences: list[Sentence]) -> None:
        self._text = text
        self._spans: dict[int, tuple[int, int]] = {}
        for sentence in sentences:
            start, end = self._spans.get(sentence.paragraph, (sentence.start, sentence.end))
            self._spans[sentence.paragraph] = (min(start, sentence.start), max(end, sentence.end))
        self._known: dict[int, bool] = {}

    def __call__(self, paragraph: int) -> bool:
        if paragraph not in self._known:
            start, end = self._spans.get(paragraph, (0, 0))
            # A short paragraph is an item of the list the paragraph before it opens.
            continues = end - start < _LIST_ITEM_PARAGRAPH and paragraph - 1 in self._spans
            self._known[paragraph] = bool(
                lexicon.TAKING_PART.search(self._text, start, end)
                or (continues and self(paragraph - 1))
            )
        return self._known[paragraph]


def _within(items: list, positions: list[int], sentence: Sentence) -> list:
    """The items (sorted by their ``positions``) that lie inside the sentence."""
    return items[bisect_left(positions, sentence.start) : bisect_left(positions, sentence.end)]


def _read_sentence(
    text: str,
    sentence: Sentence,
    years: list[YearMention],
    mentions: list[Mention],
    agencies: list[tuple[int, bool]],
    state: _ArticleState,
) -> list[Reading]:
    s_text = sentence.text_of(text)
    figures = find_figures(text, sentence.start, sentence.end)
    if not figures or sentence.is_headline:
        return []
    payout = lexicon.PAYOUT.search(s_text)
    anaphoric = bool(lexicon.ANAPHORA_START.match(s_text))
    readings: list[Reading] = []
    left_start = sentence.start
    denominator_seen = False
    named = (mentions, [m.start for m in mentions])
    owners: list[Office | None] = []  # of the figures read so far
    in_range = lists.ranges(text, figures)
    for index, figure in enumerate(figures):
        next_start = figures[index + 1].start if index + 1 < len(figures) else sentence.end
        left_start_of_figure = left_start
        left = text[left_start : figure.start]
        right = text[figure.attached_end : next_start]
        reading = Reading(figure, sentence)
        readings.append(reading)

        segment_after = SEGMENT_AFTER.match(right)
        left_start = figure.attached_end + (segment_after.end() if segment_after else 0)
        if segment_after is None and figure.unit == "person":
            # "2.400 PMI": the noun counted is itself a segment's name.
            segment_after = SEGMENT_AFTER.match(text[figure.end : figure.attached_end])
        # "15.000 peserta baru dan 90.000 ...": "baru" describes this figure's noun.
        described = _KIND_ADJECTIVE.match(text, left_start, next_start)
        if described:
            left_start = described.end()

        if figure.value is None:
            reading.excluded = "unreadable separators"
        elif payout:
            reading.excluded = "claims or benefits paid"
        elif _KEY_VALUE_LINE.match(s_text):
            reading.excluded = "undated table line"

        local = _after_break(left)
        if figure.is_percent:
            _read_percent(reading, text, sentence, left, local, right, readings, state)
        else:
            _read_amount(reading, left, local, right, readings, state, s_text)
            if reading.excluded is None and _is_denominator(left, right, figure, readings):
                reading.excluded = "base of a coverage share"
            if reading.excluded and lexicon.POTENTIAL.search(text[figure.start : next_start]):
                denominator_seen = True  # "dari 12 juta potensi yang ada, 10 juta lebih ..."
            elif denominator_seen and not _continues_after_base(left):
                reading.excluded = "share of a potential"

        if _about_the_health_agency(agencies, figure.start - sentence.start, state):
            reading.excluded = reading.excluded or _HEALTH_AGENCY
        reading.segment = segment_of(
            reading,
            left,
            segment_after,
            readings,
            anaphoric,
            state,
            text[sentence.start : figure.start],
        )
        reading.kind = kind_of(left, right, reading)
        reading.year, reading.year_found = _year(text, reading, years, anaphoric, state)
        reading.office, reading.office_found = figure_owner(
            text, figure, left, left_start_of_figure, named, owners, state.office
        )
        if _the_agency_as_a_whole(reading, agencies, state):
            reading.office, reading.office_found = national(), "agency"
        owners.append(reading.office)
        if reading.role == "realization" and _projects(local):
            reading.excluded = reading.excluded or "a projection"
        if index in in_range:
            reading.excluded = reading.excluded or "an end of a range"
        if reading.excluded is None and not figure.is_percent:
            reading.excluded = _same_quantity_as_excluded(left, readings, anaphoric, state)
    lists.share_kinds(readings, text)
    lists.listed_years(text, readings, years)
    span = (sentence.start, sentence.end)
    lists.assign_respectively(text, span, years, mentions, readings, segments_named)
    _segments_from_the_ratio(readings)
    for reading in readings:
        if (
            reading.excluded is None
            and _SUM_OF_OFFICES.search(text, sentence.start, reading.figure.start)
            and not (
                reading.office_found in ("named", "previous")
                and reading.office is not None
                and reading.office.level in ("region", "province", "national")
            )
        ):
            # A region's figure is its branches' sum by definition ("Kanwil Jatim yang
            # membawahi 20 kantor cabang mencatat ..."); a branch's or a place's is not.
            reading.excluded = "a sum of several offices"
        if reading.office is SEVERAL:  # not handed out by "masing-masing"
            reading.office = None
            reading.excluded = reading.excluded or "a sum of several offices"
    return readings


# A capitalised word after another is part of a name ("Kepala Cabang Ambon Budi Akan").
_NAME_WORD_BEFORE = re.compile(r"(?-i:[A-Z])[\w.'-]*\s+$")


def _projects(local: str) -> bool:
    """Whether a word that puts the figure in the future is in ``local`` (not in a name)."""
    return any(
        not (m.group()[0].isupper() and _NAME_WORD_BEFORE.search(local, 0, m.start()))
        for m in lexicon.PROJECTION.finditer(local)
    )


# Why a figure is not a fact, where other rules look at the reason.
_POTENTIAL = "potential, workforce or not covered"
_PEOPLE_NOT_PARTICIPANTS = "people counted, not participants"
_SUBGROUP = "a sub-group of the office's participants"
_WORKERS_OF_AN_AREA_REASON = "the workers of an area, not participants"
_HEALTH_AGENCY = "a figure of BPJS Kesehatan"
# "37.023 pekerja rentan ..., dan angka ini melonjak menjadi 57.196 pekerja": the same quantity
# as the figure before it, at a later time.
_BECOMES = re.compile(r"\bmenjadi\s+(?:sebanyak\s+|sekitar\s+)?$", re.IGNORECASE)
# Exclusions that say what a quantity is (not how it was written): they carry to its later
# value and to its parts.
_WHAT_IT_IS = (
    _SUBGROUP,
    _POTENTIAL,
    _PEOPLE_NOT_PARTICIPANTS,
    _WORKERS_OF_AN_AREA_REASON,
    _HEALTH_AGENCY,
)
_GROUPS = (_SUBGROUP, _HEALTH_AGENCY)


def _same_quantity_as_excluded(left, readings, anaphoric, state) -> str | None:
    """A figure is not a fact when it is the later value ("menjadi N") of a quantity the
    sentence already showed is not one, or a part ("Dari jumlah tersebut, N ...") of such a
    total in the sentence before."""
    counts = [r for r in readings[:-1] if not r.figure.is_percent]
    if counts and _BECOMES.search(left) and counts[-1].excluded in _WHAT_IT_IS:
        return counts[-1].excluded
    if anaphoric and not counts:
        # Only a group's parts are the group's: of a population, the part that registered
        # ("Dari jumlah ini, yang terdaftar ... 407.773 jiwa") is a result.
        totals = [r for r in state.previous_readings if not r.figure.is_percent]
        if totals and all(r.excluded in _GROUPS for r in totals):
            return totals[-1].excluded
    return None


def _after_break(left: str) -> str:
    """The left context after the last 'dengan', which starts a new phrase."""
    breaks = list(lexicon.CLAUSE_BREAK.finditer(left))
    return left[breaks[-1].end() :] if breaks else left


def _last(pattern: re.Pattern[str], text: str) -> int:
    """Position of the last match of ``pattern`` in ``text``, or -1."""
    last = deque(pattern.finditer(text), maxlen=1)  # consumed in C: no Python loop
    return last[0].start() if last else -1


def _read_amount(reading, left, local, right, readings, state, s_text) -> None:
    figure = reading.figure
    reading.role, reading.role_cue = _amount_role(left, local, right, readings, s_text, state)
    if figure.is_currency or (figure.unit is None and _is_rupiah_without_rp(figure, s_text)):
        reading.metric = "contributions"
        if reading.excluded:
            return
        says_contributions = lexicon.CONTRIBUTION_WORDS.search(s_text)
        if figure.value is not None and figure.value < _MIN_RUPIAH:
            reading.excluded = "a rate, not a total"
        elif not says_contributions and lexicon.OTHER_MONEY.search(s_text):
            reading.excluded = "rupiah that are not contributions"  # "PAD ditargetkan Rp 1 triliun"
        elif not (
            says_contributions
            or reading.role == "target"
            or any(r.metric == "contributions" and r.role == "target" for r in readings[:-1])
        ):
            if _goes_on_about_contributions(state):
                reading.metric_found = "topic"
            else:
                reading.excluded = "rupiah that are not contributions"
        elif lexicon.PER_PERIOD.search(local) or lexicon.PER_PERIOD.match(right.strip()):
            reading.excluded = "a monthly figure"
        return

    reading.metric = _count_metric(figure, left, readings, state, s_text)
    if reading.excluded:
        return
    if figure.unit == "other":
        reading.excluded = "counts something else"
    elif figure.unit is None and not figure.has_separator_or_scale:
        reading.excluded = "a bare small number"
    elif reading.metric is None:
        reading.excluded = "no unit"
    elif _STILL_SHORT.search(local):
        reading.excluded = "a shortfall"  # "masih kurang sekitar 15 ribu lagi"
    elif (
        lexicon.POTENTIAL.search(local)
        or _POTENTIAL_AFTER.match(right)
        or _NOT_YET_TAKING_PART.search(_CLAUSE_AFTER.split(right, maxsplit=1)[0])
    ):
        reading.excluded = _POTENTIAL
    elif (
        reading.metric == "participants"
        and reading.role_cue in _WEAK_ROLE_CUES
        and not state.takes_part(reading.sentence.paragraph)
    ):
        reading.excluded = _PEOPLE_NOT_PARTICIPANTS
    elif reading.metric == "participants" and _counts_a_subgroup(local, right):
        reading.excluded = _SUBGROUP
    elif (
        reading.metric == "participants"
        and reading.role_cue in _WEAK_ROLE_CUES
        and (
            _WORKERS_OF_AN_AREA.search(local)
            or (lexicon.THERE_ARE.search(local) and _IN_AN_AREA_AFTER.match(right))
        )
        and not lexicon.TAKING_PART.search(local)
        and not lexicon.TAKING_PART.search(right.split(".")[0])
    ):
        reading.excluded = _WORKERS_OF_AN_AREA_REASON
    elif lexicon.PER_PERIOD.search(local) or lexicon.PER_PERIOD.match(right.strip()):
        reading.excluded = "a monthly figure"


def _the_agency_as_a_whole(
    reading: Reading, agencies: list[tuple[int, bool]], state: _ArticleState
) -> bool:
    """Whether a figure no office in its sentence claims is the agency's own: more than any one
    office holds, where the sentence names only the agency ("BPJS Ketenagakerjaan mencatat 41,5
    juta peserta aktif") or nothing but the office the article talks about ("Direktur Utama
    menyampaikan ... 50,1 juta pekerja" in an article naming a Kanwil later)."""
    if reading.office is not None and reading.office_found != "carried":
        return False
    if reading.office is not None and reading.office.level == "national":
        return False
    most = lexicon.MOST_ONE_OFFICE_HOLDS.get(reading.metric or "")
    value = reading.figure.value
    named = any(not health for _, health in agencies) or reading.office is not None
    return (
        not reading.figure.is_percent
        and most is not None
        and value is not None
        and value > most
        and named
        and not state.health_agency
    )


def _goes_on_about_contributions(state: _ArticleState) -> bool:
    """Whether a sentence that names no money goes on about the contributions of the sentence
    before ("Iuran 2018 Rp 96 miliar. Capaian itu naik dari 2017 yang hanya Rp 81 miliar",
    "Kanwil ... iuran Rp 2,3 triliun. Sumsel menyumbang Rp 1,1 triliun")."""
    return any(
        r.metric == "contributions" and r.excluded is None and r.role
        for r in state.previous_readings
    )


_MOSTLY = re.compile(
    r"\b(?:didominasi|mayoritas|sebagian\s+besar|kebanyakan|terutama|umumnya)\b", re.IGNORECASE
)


def _counts_a_subgroup(local: str, right: str) -> bool:
    """'37.023 pekerja rentan', 'petani yang terdaftar sebanyak 1.200': the figure counts one
    group of workers (often a programme a local government pays for), not the office's
    participants. Only a group named with the figure counts: 'N peserta, termasuk 2.000 ojol'
    leaves N the office's."""
    phrase = re.split(r"[,;.(]|\b(?:dan|serta|atau|dari)\b", right, maxsplit=1)[0]
    near = re.split(r"[,;]|\b(?:dan|serta|termasuk|di\s+antaranya)\b", local)[-1]
    after = lexicon.SUBGROUP.search(phrase[:40])
    if after and _MOSTLY.search(phrase, 0, after.start()):
        after = None  # "2.145 peserta BPU baru yang didominasi petani": what most of them are
    return bool(after or lexicon.SUBGROUP.search(near[-40:]))


def _is_rupiah_without_rp(figure: Figure, s_text: str) -> bool:
    """'sebanyak 137,956 miliar' in a sentence about iuran: rupiah without the Rp."""
    big = figure.value is not None and figure.value >= Decimal(10**9)
    return big and bool(lexicon.CONTRIBUTION_WORDS.search(s_text))


def _amount_role(
    left: str, local: str, right: str, readings: list[Reading], s_text: str, state
) -> tuple[str, str]:
    """The figure's role, and the cue it was read from (the confidence weighs the cue)."""
    target_at = _last(lexicon.TARGET, local)
    realization_at = _last(lexicon.REALIZATION_STRONG, local)
    if 0 <= target_at < realization_at and (
        _AIMED_AT.search(local, target_at, realization_at)
        or _TARGETED_TO.match(local, target_at)
        or (_TARGET_VERB.match(local, target_at) and "," not in local[target_at:realization_at])
    ):
        # "menargetkan pada 2019 dapat menjaring 34 juta", "ditargetkan menjaring 1.000":
        # what the target aims to net
        return "target", "word_before"
    if target_at >= 0 or realization_at >= 0:
        return ("target" if target_at > realization_at else "realization"), "word_before"
    if lexicon.FROM_TARGET.match(right):
        return "realization", "of_target_after"  # "X dari target Y": X is what was reached
    if lexicon.TARGET_AFTER.match(right):
        return "target", "word_after"  # "10 ribu target", "6.470 perusahaan yang ditargetkan"
    if lexicon.REALIZATION_WEAK.search(local):
        return "realization", "weak_word_before"
    # Cues before a "dengan": "36 persen atau sudah tercapai dengan nilai Rp1,5 triliun"; but
    # not the "dari target" that completes a percentage ("93 persen dari target dengan ...").
    left = lexicon.FROM_TARGET.sub("", left, count=1)
    target_at = _last(lexicon.TARGET, left)
    realization_at = max(
        _last(lexicon.REALIZATION_STRONG, left), _last(lexicon.REALIZATION_WEAK, left)
    )
    if target_at >= 0 or realization_at >= 0:
        return ("target" if target_at > realization_at else "realization"), "word_in_clause"
    earlier = [r for r in readings[:-1] if not r.figure.is_percent and r.role]
    if earlier:
        if earlier[-1].role == "target" and _STATE_WORDS.search(left):
            # "... target Rp3,5 triliun, dengan jumlah peserta aktif sebanyak 742.180": what is
            # does not continue a list of what is aimed at
            return "realization", "word_in_clause"
        # a list continues: "1.000 perusahaan dan 80.000 tenaga kerja"
        return earlier[-1].role, "listed"
    # "jumlah peserta aktif sebanyak 41.600 pekerja, sedangkan target 2024 ...": what is, in a
    # sentence that also names a target, is no target.
    only_target = lexicon.TARGET.search(s_text) and not (
        lexicon.REALIZATION_STRONG.search(s_text)
        or lexicon.REALIZATION_WEAK.search(s_text)
        or _STATE_WORDS.search(left)
    )
    if not only_target and _PARALLEL_START.match(s_text) and not _STATE_WORDS.search(left):
        # "Target BPU 2,5 juta. Sementara untuk PU 17 juta.": the same role for another part.
        before = [r.role for r in state.previous_readings if r.role and not r.figure.is_percent]
        if before:
            return before[-1], "parallel"
    return ("target" if only_target else "realization"), "sentence"


def _count_metric(figure, left, readings, state, s_text) -> str | None:
    if figure.unit == "person":
        return "participants"
    if figure.unit == "employer":
        return "employers"
    if lexicon.SEGMENT.search(without_excluded(left)):
        return "participants"
    if lexicon.EMPLOYER_WORDS.search(left):
        return "employers"
    if lexicon.PARTICIPANT_WORDS.search(left) and figure.unit is None:
        return "participants"
    listed = [r.metric for r in readings[:-1] if r.metric in ("participants", "employers")]
    if figure.unit == "generic" and listed:
        return listed[-1]  # "4.070 peserta": of the same kind as the figures it is listed with
    if figure.unit is None:
        # A figure without a noun takes the one of the figures it is listed with.
        for other in readings[:-1]:
            if other.metric in ("participants", "employers") and other.figure.unit:
                return other.metric
        if lexicon.PARTICIPANT_WORDS.search(s_text):
            return "participants"
        if lexicon.EMPLOYER_WORDS.search(s_text):
            return "employers"
        return state.topic_metric if state.topic_metric != "contributions" else None
    # "peserta": persons, unless the article is talking about employers as participants
    # ("Realisasi dari kelompok tersebut ... 4.939 peserta" after a sentence about employers).
    talks_of_persons = _PERSON_WORDS.search(s_text) or lexicon.SEGMENT.search(s_text)
    if state.topic_metric == "employers" and not talks_of_persons:
        return "employers"
    return "participants"


def _is_denominator(left: str, right: str, figure: Figure, readings: list[Reading]) -> bool:
    """'dari 5 juta tenaga kerja', 'N orang dan yang sudah tercover M': a base, not a result."""
    if _BASE_OF_COVERAGE.match(right):
        return True
    if not _DENOMINATOR_BEFORE.search(left) or lexicon.TARGET_AFTER.match(right):
        return False
    if figure.unit == "generic" and lexicon.ACTIVE_KIND.match(right.lstrip()):
        return False  # "dari 62.000 peserta aktif, 18.000 di antaranya BPU": the stock itself
    # A base counts what its share counts: employers after workers or rupiah ("Rp186,3 miliar
    # dari 342 perusahaan") are where those come from.
    before = [r.figure for r in readings[:-1] if not r.figure.is_percent]
    other_kind = before and (before[-1].is_currency or before[-1].unit in ("person", "generic"))
    return not (figure.unit == "employer" and other_kind)


def _continues_after_base(left: str) -> bool:
    """After 'dari 12 juta potensi', only a figure introduced as a result is one."""
    return bool(
        _NEW_CLAUSE.search(left)
        or lexicon.REALIZATION_STRONG.search(left)
        or lexicon.REALIZATION_WEAK.search(left)
        or lexicon.SEGMENT.search(left)
    )


def _read_percent(reading, text, sentence, left, local, right, readings, state) -> None:
    s_text = sentence.text_of(text)
    reading.metric, reading.metric_found = _percent_metric(
        reading, text, sentence, left, readings, state
    )
    if reading.excluded:
        return
    right_phrase = right.split(",")[0]
    if lexicon.GROWTH.search(local) or lexicon.GROWTH.match(right_phrase.strip()):
        reading.excluded = "a growth rate"
        return
    if any(p.search(local) or p.search(right) for p in (lexicon.POTENTIAL, lexicon.COVERAGE)):
        reading.excluded = "a coverage share"
        return
    if lexicon.SHORTFALL.search(local[-30:]):
        reading.excluded = "a shortfall"  # "masih kurang 20 persen dari target"
        return
    if lexicon.FROM_TARGET.match(right):
        reading.role, reading.role_cue = "attainment_pct", "of_target_after"
        return
    if lexicon.ATTAINMENT.search(local):
        # "Targetnya 20.000 peserta. Realisasinya 15.000, prosentase capaian 75 persen."
        if lexicon.TARGET.search(s_text) or state.previous_had_target:
            reading.role, reading.role_cue = "attainment_pct", "word_before"
        elif reading.metric == "contributions" and reading.metric_found == "stated":
            # "capaian iuran 101,2 persen": contributions have no base but their target.
            reading.role, reading.role_cue = "attainment_pct", "sentence"
        else:
            reading.excluded = "progress without a target"
        return
    if lexicon.TARGET.search(local):
        reading.excluded = "a percentage target (a coverage level)"
        return
    earlier = [r for r in readings[:-1] if not r.figure.is_percent]
    in_apposition = _ATAU_BEFORE.search(left) and earlier and earlier[-1].role == "realization"
    if in_apposition and (lexicon.TARGET.search(s_text) or state.previous_had_target):
        reading.role, reading.role_cue = "attainment_pct", "apposition"
        return
    if lexicon.TARGET.search(s_text) and lexicon.ATTAINMENT.search(s_text):
        reading.role, reading.role_cue = "attainment_pct", "sentence"
        return
    if _is_the_ratio_of(reading, earlier):
        reading.role, reading.role_cue = "attainment_pct", "apposition"
        return
    reading.excluded = "a share that is not attainment"


def _segments_from_the_ratio(readings: list[Reading]) -> None:
    """An attainment and its target take the segment of the realization they make a ratio with
    ("112.430 tenaga kerja, terdiri atas 68.210 PU, ... dan 4.350 jasa konstruksi, atau 78,4
    persen dari target 143.400": the total's, not the last part's)."""
    for percent in readings:
        if percent.role != "attainment_pct" or percent.excluded:
            continue
        earlier = [r for r in readings if r.figure.start < percent.figure.start and not r.excluded]
        for done, aim in _ratio_pairs(percent, earlier, [r for r in readings if not r.excluded]):
            if done.metric == "participants":
                percent.segment = aim.segment = done.segment
            break


def _ratio_pairs(percent: Reading, realizations: list[Reading], targets: list[Reading]):
    """(realization, target) pairs among the figures that make ``percent``."""
    value = percent.figure.value
    for done in realizations:
        if done.role != "realization" or not done.figure.value or done.figure.is_percent:
            continue
        for aim in targets:
            if aim.role != "target" or not aim.figure.value or aim.metric != done.metric:
                continue
            if abs(done.figure.value * 100 / aim.figure.value - value) <= Decimal("0.6"):
                yield done, aim


def _is_the_ratio_of(reading: Reading, earlier: list[Reading]) -> bool:
    """Whether a percentage is what the realization and target before it in its sentence make
    ("iuran mencapai Rp 487 miliar dari target Rp 491,8 miliar atau 99,03 persen")."""
    return next(_ratio_pairs(reading, earlier, earlier), None) is not None


_TARGET_OF = re.compile(r"\s*dari\s+target\s+(?P<what>\w+)", re.IGNORECASE)


def _percent_metric(reading, text, sentence, left, readings, state) -> tuple[str, str]:
    """What a percentage is a share of, and where that was read (the confidence weighs it)."""
    earlier = [r for r in readings[:-1] if not r.figure.is_percent and r.metric]
    if earlier:
        return earlier[-1].metric, "stated"
    # "58 persen dari target kepesertaan": the share named after it.
    named_after = _TARGET_OF.match(text, reading.figure.attached_end, sentence.end)
    if named_after:
        if lexicon.CONTRIBUTION_WORDS.match(named_after.group("what")):
            return "contributions", "stated"
        if lexicon.PARTICIPANT_WORDS.match(named_after.group("what")):
            return "participants", "stated"
    # What is named since the figure before ("capaian iuran 97,6 persen dan capaian pertambahan
    # perusahaan 112 persen"), else in the sentence up to the figure.
    since = readings[-2].figure.attached_end if len(readings) > 1 else sentence.start
    for before in (text[since : reading.figure.start], text[sentence.start : reading.figure.start]):
        if lexicon.CONTRIBUTION_WORDS.search(before):
            return "contributions", "stated"
        if lexicon.EMPLOYER_WORDS.search(before) and not lexicon.SEGMENT.search(before):
            return "employers", "stated"
        if lexicon.PARTICIPANT_WORDS.search(before):
            return "participants", "stated"
    if state.topic_metric:
        return state.topic_metric, "topic"
    return "participants", "default"


# "Rp 240 miliar (2022) dan Rp 265 miliar (2023)": the year in parentheses after a figure.
_YEAR_IN_PARENTHESES = re.compile(r"\s*\(\s*(?:tahun\s+|th\.?\s*)?$", re.IGNORECASE)


def _year(text, reading, years, anaphoric, state) -> tuple[int | None, str]:
    """The figure's year, and where it came from (the confidence weighs it)."""
    end = reading.figure.attached_end
    for mention in years:
        if (
            end <= mention.position <= end + 12
            and not mention.relative
            and _YEAR_IN_PARENTHESES.match(text, end, mention.position)
        ):
            return mention.year, "stated"
    if anaphoric and state.previous_readings:
        dated = [r.year for r in state.previous_readings if r.year is not None]
        if dated:
            return dated[-1], "anaphoric"
    stated = nearest_year(years, reading.figure.start)
    if stated is not None:
        return stated, "stated"
    context = state.context_year
    if context is not None and not (
        reading.role == "realization" and state.year is not None and context > state.year
    ):
        return context, "context"
    return state.data_year, "article"


def _agencies_named(s_text: str) -> list[tuple[int, bool]]:
    """Where the sentence names an agency, in order: (position, whether it is BPJS Kesehatan)."""
    named = [(m.start(), False) for m in lexicon.THIS_AGENCY.finditer(s_text)]
    lowered = s_text.lower()
    if "kes" in lowered or "kis" in lowered or "jkn" in lowered:  # a cheap test first
        named += [(m.start(), True) for m in lexicon.HEALTH_AGENCY.finditer(s_text)]
    return sorted(named)


def _about_the_health_agency(
    agencies: list[tuple[int, bool]], at: int, state: _ArticleState
) -> bool:
    """Whether the agency a figure is about is BPJS Kesehatan: the one named last before it in
    its sentence, else the first after it, else the one the article named last."""
    before = [health for position, health in agencies if position < at]
    if before:
        return before[-1]
    return agencies[0][1] if agencies else state.health_agency


def _breaks_down(office: Office | None, kept: list[Reading]) -> bool:
    """Whether the sentence hands its figures to several offices inside the one the article is
    talking about ("Sulsel 1,05 juta, disusul Sulut 420.000 dan Maluku 180.000" in an article
    about their Kanwil): the article goes on about that office, not the last one listed."""
    owners = {r.office for r in kept if r.office is not None}
    return (
        office is not None
        and len(owners) >= 2
        and all(owner == office or contains(office, owner) for owner in owners)
    )


def _remember(text, sentence, years, mentions, agencies, readings, state) -> None:
    """Carry what this sentence established to the sentences after it."""
    if agencies:
        state.health_agency = agencies[-1][1]
    # Not "dibanding tahun lalu", nor "tahun sebelumnya", which the year talked about only anchors.
    stated = [y for y in years if y.compared_from is None and y.offset_from_context is None]
    if stated:
        state.context_year = stated[-1].year
    kept = [r for r in readings if r.excluded is None and r.role]
    if mentions and not _breaks_down(state.office, kept):
        state.office = carried_office(text, mentions, state.office)
    elif state.office is None and any(r.office_found == "agency" for r in kept):
        state.office = kept[0].office  # the article goes on about the agency as a whole
    if kept:
        state.topic_metric = kept[-1].metric
    if readings:
        state.previous_readings = readings
        state.previous_had_target = any(r.role == "target" for r in kept)

    named = {name for _, name in segments_named(sentence.text_of(text))}
    participant_segments = {r.segment for r in kept if r.metric == "participants"}
    if len(named) > 1 or len(participant_segments) > 1:
        state.paragraph_segment = None
    elif participant_segments:
        only = participant_segments.pop()
        state.paragraph_segment = only if only != "ALL" else None
    elif len(named) == 1:
        state.paragraph_segment = named.pop()


def to_fact(reading: Reading, text: str, doc_id: str) -> dict:
    figure = reading.figure
    value = figure.value
    unit = "percent" if reading.role == "attainment_pct" else _UNIT_OF_METRIC[reading.metric]
    number: int | float = int(value) if value == value.to_integral_value() else float(value)
    office = reading.office
    return {
        "doc_id": doc_id,
        "office": office.name if office else None,
        "office_level": office.level if office else None,
        "segment": reading.segment,
        "metric": reading.metric,
        "participant_kind": reading.kind,
        "measure": reading.role,
        "value": number,
        "unit": unit,
        "year": reading.year,
        "approximate": figure.approximate,
        "evidence": " ".join(reading.sentence.text_of(text).split()),
        "start": figure.start,
        "end": figure.end,
    }
