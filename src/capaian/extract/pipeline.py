"""From article text to facts: the extractor's pipeline.

    sentences -> figures with spans -> role, metric, segment, year, office of each figure
              -> drop what is not an office's target/realization/attainment -> dedupe

Each figure is read from the words around it: its *left context* (from the end of the previous
figure, or the start of the sentence, to the figure), the noun and hedge attached to it, and
the phrase right after it. What a sentence leaves open is taken from what the article said just
before (the year it was talking about, the segment of the paragraph, the metric of the last
figure), because news copy rarely repeats the subject of a list.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal

from capaian.extract import lexicon
from capaian.extract.figures import Figure, find_figures
from capaian.extract.office_names import contains
from capaian.extract.offices import (
    Mention,
    Office,
    bare_places,
    office_mentions,
    province_right_before,
)
from capaian.extract.sentences import Sentence, split_sentences
from capaian.extract.years import YearMention, article_date, nearest_year, year_mentions

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
    r"^\W*(?:potensi|yang\s+belum|yang\s+tidak|belum|dianggap\s+realistis|non[- ]?aktif|"
    r"tidak\s+aktif)",
    re.IGNORECASE,
)
_NEW_CLAUSE = re.compile(r"\b(?:sedangkan|sementara|atau)\b", re.IGNORECASE)
_SEGMENT_FILLER = r"(?:baik|yang|merupakan|dari|sektor|di|pekerja|peserta|tenaga|kerja|aktif|baru)"
_ANY_SEGMENT = "|".join(f"(?:{pattern})" for _, pattern in lexicon.SEGMENT_PATTERNS)
# "N pekerja jasa konstruksi", "N tenaga kerja baik dari sektor PU maupun BPU (BPU)".
_SEGMENT_AFTER = re.compile(
    rf"^\s*(?:{_SEGMENT_FILLER}\s+){{0,4}}(?:{lexicon.SEGMENT.pattern})"
    rf"(?P<both>\s*(?:\([^)]{{1,30}}\))?\s+maupun\s+(?:{_SEGMENT_FILLER}\s+){{0,2}}"
    rf"(?:{_ANY_SEGMENT})(?:\s*\([^)]{{1,30}}\))?)?",
    re.IGNORECASE,
)
_PERSON_WORDS = re.compile(r"\bpekerja\b|\btenaga\s+kerja\b|\bjiwa\b|\borang\b", re.IGNORECASE)
_EXCLUDING_WORDS = ("luar", "selain", "kecuali", "termasuk")
# Every segment name in lexicon.SEGMENT_PATTERNS contains one of these, or is the word "PU".
_SEGMENT_PIECES = ("upah", "formal", "mandiri", "truksi", "jakon", "migran", "pmi", "tki", "bpu")
_PU_WORD = re.compile(r"\bpu\b", re.IGNORECASE)
_KEY_VALUE_LINE = re.compile(r"^[^:\d\n]{2,60}\s:\s")
_MIN_RUPIAH = Decimal(1_000_000)  # below this a rupiah figure is a rate or a fee, not a total


@dataclass
class Reading:
    """What the extractor made of one figure."""

    figure: Figure
    sentence: Sentence
    role: str | None = None  # target, realization, attainment_pct; None: not a fact
    metric: str | None = None
    segment: str | None = None  # None while undecided; ALL when no single segment
    kind: str | None = None
    year: int | None = None
    office: Office | None = None
    excluded: str | None = None  # why the figure is not a fact


@dataclass
class _ArticleState:
    """What the article has established so far, for sentences that leave it open."""

    year: int | None = None
    data_year: int | None = None
    context_year: int | None = None
    topic_metric: str | None = None
    paragraph: int = -1
    paragraph_segment: str | None = None
    previous_readings: list[Reading] = field(default_factory=list)
    previous_had_target: bool = False
    office: Office | None = None


def read_article(text: str, published_at: str | None = None) -> list[Reading]:
    """Every figure of the article with its reading, facts and non-facts alike."""
    date = article_date(text, published_at)
    state = _ArticleState(year=date.year, data_year=date.data_year)
    # Offices and years are found in one pass over the article, then handed out by sentence.
    offices = office_mentions(text, 0, len(text))
    all_mentions = sorted([*offices, *bare_places(text, offices)], key=lambda m: m.start)
    all_years = year_mentions(text, 0, len(text), state.year)
    state.office = offices[0].office if offices else None
    year_positions = [y.position for y in all_years]
    mention_positions = [m.start for m in all_mentions]
    readings: list[Reading] = []
    for sentence in split_sentences(text):
        if sentence.paragraph != state.paragraph:
            state.paragraph, state.paragraph_segment = sentence.paragraph, None
        years = _within(all_years, year_positions, sentence)
        mentions = _within(all_mentions, mention_positions, sentence)
        sentence_readings = _read_sentence(text, sentence, years, mentions, state)
        readings.extend(sentence_readings)
        _remember(text, sentence, years, mentions, sentence_readings, state)
    return readings


def _within(items: list, positions: list[int], sentence: Sentence) -> list:
    """The items (sorted by their ``positions``) that lie inside the sentence."""
    return items[bisect_left(positions, sentence.start) : bisect_left(positions, sentence.end)]


def _read_sentence(
    text: str,
    sentence: Sentence,
    years: list[YearMention],
    mentions: list[Mention],
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
    starts = [m.start for m in mentions]
    in_range = _ranges(text, figures)
    for index, figure in enumerate(figures):
        next_start = figures[index + 1].start if index + 1 < len(figures) else sentence.end
        left_start_of_figure = left_start
        left = text[left_start : figure.start]
        right = text[figure.attached_end : next_start]
        reading = Reading(figure, sentence)
        readings.append(reading)

        segment_after = _SEGMENT_AFTER.match(right)
        left_start = figure.attached_end + (segment_after.end() if segment_after else 0)

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
            if reading.excluded is None and _is_denominator(left, right):
                reading.excluded = "base of a coverage share"
            if reading.excluded and lexicon.POTENTIAL.search(text[figure.start : next_start]):
                denominator_seen = True  # "dari 12 juta potensi yang ada, 10 juta lebih ..."
            elif denominator_seen and not _continues_after_base(left):
                reading.excluded = "share of a potential"

        reading.segment = _segment(reading, left, segment_after, readings, anaphoric, state)
        reading.kind = _kind(left, right, reading)
        reading.year = _year(reading, years, anaphoric, state)
        reading.office = _office(
            text, reading, left, left_start_of_figure, (mentions, starts), readings, state
        )
        if reading.role == "realization" and lexicon.PROJECTION.search(local):
            reading.excluded = reading.excluded or "a projection"
        if index in in_range:
            reading.excluded = reading.excluded or "an end of a range"
    _share_kinds(readings)
    _listed_years(text, readings, years)
    _assign_respectively(text, sentence, years, mentions, readings)
    return readings


def _ranges(text: str, figures: list[Figure]) -> set[int]:
    """Indexes of the figures that are the ends of a range ("10 hingga 12 ribu peserta")."""
    ends: set[int] = set()
    for index in range(len(figures) - 1):
        first, second = figures[index], figures[index + 1]
        if second.start - first.end > 20:  # a cheap test first: a range's ends are close
            continue
        if lexicon.RANGE_JOINT.fullmatch(text, first.end, second.start) or (
            lexicon.RANGE_BETWEEN.fullmatch(text, first.end, second.start)
            and lexicon.RANGE_START.search(text, max(0, first.start - 20), first.start)
        ):
            ends.update((index, index + 1))
    return ends


def _after_break(left: str) -> str:
    """The left context after the last 'dengan', which starts a new phrase."""
    breaks = list(lexicon.CLAUSE_BREAK.finditer(left))
    return left[breaks[-1].end() :] if breaks else left


def _last(pattern: re.Pattern[str], text: str) -> int:
    """Position of the last match of ``pattern`` in ``text``, or -1."""
    position = -1
    for match in pattern.finditer(text):
        position = match.start()
    return position


def _read_amount(reading, left, local, right, readings, state, s_text) -> None:
    figure = reading.figure
    reading.role = _amount_role(left, local, right, readings, s_text)
    if figure.is_currency or (figure.unit is None and _is_rupiah_without_rp(figure, s_text)):
        reading.metric = "contributions"
        if reading.excluded:
            return
        if figure.value is not None and figure.value < _MIN_RUPIAH:
            reading.excluded = "a rate, not a total"
        elif not (
            lexicon.CONTRIBUTION_WORDS.search(s_text)
            or reading.role == "target"
            or any(r.metric == "contributions" and r.role == "target" for r in readings[:-1])
        ):
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
    elif lexicon.POTENTIAL.search(local) or _POTENTIAL_AFTER.match(right):
        reading.excluded = "potential, workforce or not covered"
    elif lexicon.PER_PERIOD.search(local) or lexicon.PER_PERIOD.match(right.strip()):
        reading.excluded = "a monthly figure"


def _is_rupiah_without_rp(figure: Figure, s_text: str) -> bool:
    """'sebanyak 137,956 miliar' in a sentence about iuran: rupiah without the Rp."""
    big = figure.value is not None and figure.value >= Decimal(10**9)
    return big and bool(lexicon.CONTRIBUTION_WORDS.search(s_text))


def _amount_role(left: str, local: str, right: str, readings: list[Reading], s_text: str) -> str:
    target_at = _last(lexicon.TARGET, local)
    realization_at = _last(lexicon.REALIZATION_STRONG, local)
    if target_at >= 0 or realization_at >= 0:
        return "target" if target_at > realization_at else "realization"
    if lexicon.FROM_TARGET.match(right):
        return "realization"  # "X dari target Y": X is what was reached
    if lexicon.TARGET_AFTER.match(right):
        return "target"  # "10 ribu target", "6.470 perusahaan yang ditargetkan"
    if lexicon.REALIZATION_WEAK.search(local):
        return "realization"
    # Cues before a "dengan": "36 persen atau sudah tercapai dengan nilai Rp1,5 triliun"; but
    # not the "dari target" that completes a percentage ("93 persen dari target dengan ...").
    left = lexicon.FROM_TARGET.sub("", left, count=1)
    target_at = _last(lexicon.TARGET, left)
    realization_at = max(
        _last(lexicon.REALIZATION_STRONG, left), _last(lexicon.REALIZATION_WEAK, left)
    )
    if target_at >= 0 or realization_at >= 0:
        return "target" if target_at > realization_at else "realization"
    earlier = [r for r in readings[:-1] if not r.figure.is_percent and r.role]
    if earlier:
        return earlier[-1].role  # a list continues: "1.000 perusahaan dan 80.000 tenaga kerja"
    only_target = lexicon.TARGET.search(s_text) and not (
        lexicon.REALIZATION_STRONG.search(s_text) or lexicon.REALIZATION_WEAK.search(s_text)
    )
    return "target" if only_target else "realization"


def _count_metric(figure, left, readings, state, s_text) -> str | None:
    if figure.unit == "person":
        return "participants"
    if figure.unit == "employer":
        return "employers"
    if lexicon.SEGMENT.search(_without_excluded(left)):
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


def _is_denominator(left: str, right: str) -> bool:
    """'dari 5 juta tenaga kerja', 'N orang dan yang sudah tercover M': a base, not a result."""
    return bool(_DENOMINATOR_BEFORE.search(left) and not lexicon.TARGET_AFTER.match(right)) or bool(
        _BASE_OF_COVERAGE.match(right)
    )


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
    reading.metric = _percent_metric(reading, text, sentence, left, readings, state)
    if reading.excluded:
        return
    right_phrase = right.split(",")[0]
    if lexicon.GROWTH.search(local) or lexicon.GROWTH.match(right_phrase.strip()):
        reading.excluded = "a growth rate"
        return
    if lexicon.POTENTIAL.search(local) or lexicon.POTENTIAL.search(right):
        reading.excluded = "a coverage share"
        return
    if lexicon.FROM_TARGET.match(right):
        reading.role = "attainment_pct"
        return
    if lexicon.ATTAINMENT.search(local):
        # "Targetnya 20.000 peserta. Realisasinya 15.000, prosentase capaian 75 persen."
        if lexicon.TARGET.search(s_text) or state.previous_had_target:
            reading.role = "attainment_pct"
        else:
            reading.excluded = "progress without a target"
        return
    if lexicon.TARGET.search(local):
        reading.excluded = "a percentage target (a coverage level)"
        return
    earlier = [r for r in readings[:-1] if not r.figure.is_percent]
    in_apposition = _ATAU_BEFORE.search(left) and earlier and earlier[-1].role == "realization"
    if in_apposition and (lexicon.TARGET.search(s_text) or state.previous_had_target):
        reading.role = "attainment_pct"
        return
    if lexicon.TARGET.search(s_text) and lexicon.ATTAINMENT.search(s_text):
        reading.role = "attainment_pct"
        return
    reading.excluded = "a share that is not attainment"


def _percent_metric(reading, text, sentence, left, readings, state) -> str | None:
    earlier = [r for r in readings[:-1] if not r.figure.is_percent and r.metric]
    if earlier:
        return earlier[-1].metric
    before = text[sentence.start : reading.figure.start]
    if lexicon.CONTRIBUTION_WORDS.search(before):
        return "contributions"
    if lexicon.EMPLOYER_WORDS.search(before) and not lexicon.SEGMENT.search(before):
        return "employers"
    if lexicon.PARTICIPANT_WORDS.search(before):
        return "participants"
    return state.topic_metric or "participants"


def _without_excluded(left: str) -> str:
    """The left context without 'di luar jasa konstruksi dan PMI' phrases."""
    lowered = left.lower()
    if not any(word in lowered for word in _EXCLUDING_WORDS):  # a cheap test first
        return left
    return lexicon.EXCLUDING.sub(" ", left)


def _segments_named(text: str) -> list[tuple[int, str]]:
    if not _may_name_a_segment(text):  # a cheap test first: most sentences name none
        return []
    return [(m.start(), m.lastgroup) for m in lexicon.SEGMENT.finditer(_without_excluded(text))]


def _may_name_a_segment(text: str) -> bool:
    """False only when no segment name can be in ``text``: each has one of these pieces."""
    lowered = text.lower()
    return any(piece in lowered for piece in _SEGMENT_PIECES) or bool(_PU_WORD.search(text))


def _segment(reading, left, segment_after, readings, anaphoric, state) -> str:
    if reading.metric != "participants" and not reading.figure.is_percent:
        return "ALL"
    if reading.figure.is_percent and reading.metric in ("employers", "contributions"):
        return "ALL"
    if reading.figure.is_percent:
        earlier = [r for r in readings[:-1] if not r.figure.is_percent]
        if earlier:
            return earlier[-1].segment or "ALL"
    if segment_after:
        if segment_after.group("both"):
            return "ALL"
        return next(name for name, _ in lexicon.SEGMENT_PATTERNS if segment_after.group(name))
    named = _segments_named(left)
    if named:
        distinct = {name for _, name in named}
        if len(distinct) > 1 and lexicon.BOTH_SEGMENTS.search(left):
            return "ALL"
        return named[-1][1]
    earlier = [r for r in readings[:-1] if r.metric == "participants"]
    if earlier and earlier[-1].segment:
        return earlier[-1].segment
    if anaphoric:
        totals = [r for r in state.previous_readings if r.metric == "participants"]
        totals = [r for r in totals if r.figure.value is not None and not r.figure.is_percent]
        if totals:
            return max(totals, key=lambda r: r.figure.value).segment or "ALL"
    return state.paragraph_segment or "ALL"


def _kind(left: str, right: str, reading: Reading) -> str | None:
    if reading.metric == "contributions":
        return None
    near = left[-60:] + " " + right[:40]
    if lexicon.ACTIVE_KIND.search(near):
        return "active"
    if lexicon.NEW_KIND.search(near):
        return "new"
    return None


def _year(reading, years, anaphoric, state) -> int | None:
    if anaphoric and state.previous_readings:
        dated = [r.year for r in state.previous_readings if r.year is not None]
        if dated:
            return dated[-1]
    stated = nearest_year(years, reading.figure.start)
    if stated is not None:
        return stated
    context = state.context_year
    if context is not None and not (
        reading.role == "realization" and state.year is not None and context > state.year
    ):
        return context
    return state.data_year


def _office(text, reading, left, left_start, named, readings, state) -> Office | None:
    """The office a figure belongs to; ``named``: the sentence's mentions and their starts."""
    figure = reading.figure
    mentions, starts = named
    province = province_right_before(left[-40:])
    if province:
        return province
    # "Sampit 129 ribu lebih, palangkaraya realisasinya mencapai 85 ribu": in a list, the office
    # or place named since the previous figure owns the figure; when none is, the previous
    # figure's owner goes on ("Pontianak ada 10 ribu target, realisasi 9 ribu lebih").
    in_item = mentions[bisect_left(starts, left_start) : bisect_left(starts, figure.start)]
    if not in_item and len(readings) > 1:
        return readings[-2].office
    scope = _scope_after(text, figure, mentions[bisect_left(starts, figure.end) :])
    if not in_item:
        return scope.office if scope else state.office
    owner = _owner_in_item(text, in_item)
    if owner.affiliation and state.office and _nested(state.office, owner.office):
        # "kata Deputi Direktur Wilayah Sumbagsel, terdapat N pekerja": a Kanwil head speaking
        # of the province in it the article is talking about.
        return state.office
    if scope and _nested(scope.office, owner.office):
        return scope.office  # "Kanwil X mencatat N pekerja di Provinsi Y": Y is the scope
    return owner.office


def _nested(inner: Office, outer: Office) -> bool:
    return inner != outer and contains(outer, inner)


def _owner_in_item(text: str, in_item: list[Mention]) -> Mention:
    """The mention that owns a figure among those named since the previous figure."""
    nearest = in_item[-1]
    listed = _enumeration_ending_with(text, in_item)
    if len(listed) > 1:
        # "cabang Samarinda, Balikpapan dan Bontang N peserta": several offices, one figure; it
        # is the subject named before the list that the figure belongs to, if one is named.
        rest = in_item[: -len(listed)]
        return rest[-1] if rest else nearest
    # "cabang Samarinda tertinggi mewakili Kaltim sebanyak N": the province around the office,
    # named in the office's own clause, is the office's scope; the office owns the figure.
    # ("Kepala Cabang A, X mengatakan, pekerja di Provinsi B ...": another clause, B's figure.)
    others = {m.office for m in in_item[:-1]}
    if (
        len(others) == 1
        and _nested(in_item[-2].office, nearest.office)
        and not _CLAUSE_END.search(text, in_item[-2].end, nearest.start)
    ):
        return in_item[-2]
    return nearest


# Between two offices of an enumeration: "cabang A, B dan C", "KCP A serta KCP B".
_LIST_JOINT = re.compile(
    r"\s*(?:,\s*(?:dan\s+|serta\s+)?|dan\s+|serta\s+|&\s*)"
    r"(?:(?:kantor\s+)?cabang\s+(?:perintis\s+)?|kc\s+|kcp\s+)?",
    re.IGNORECASE,
)


def _enumeration_ending_with(text: str, mentions: list[Mention]) -> list[Mention]:
    """The offices listed one after another (joined by commas, dan, serta) that end
    ``mentions``: one mention when the last is not part of such a list."""
    listed = [mentions[-1]]
    for mention in reversed(mentions[:-1]):
        joint = _LIST_JOINT.match(text, mention.end, listed[0].start)
        if joint is None or joint.end() != listed[0].start:
            break
        listed.insert(0, mention)
    return listed


# "... tenaga kerja di Sumut", "... di Provinsi Aceh", "... di wilayah Kalimantan".
_SCOPE_BEFORE = re.compile(r"\bdi\s+(?:[a-z]+\s+)?$", re.IGNORECASE)
# A comma between digits is a decimal mark ("1,25 juta"), not the end of a clause.
_CLAUSE_END = re.compile(
    r",(?!\d)|[;:\"“”]|\b(?:sedangkan|sementara|kata|ujar|ungkap)\b", re.IGNORECASE
)
_SCOPE_REACH = 200  # characters: a scope is named close by; this also keeps the search linear


def _scope_after(text: str, figure: Figure, after: list[Mention]) -> Mention | None:
    """A place named as the scope of the figure later in its clause: "25 persen (1,25 juta
    pekerja) dari sekitar 5 juta tenaga kerja di Sumut". ``after``: the mentions after it."""
    if not after or after[0].start > figure.end + _SCOPE_REACH:
        return None
    clause_end = _CLAUSE_END.search(text, figure.end, figure.end + _SCOPE_REACH)
    limit = clause_end.start() if clause_end else figure.end + _SCOPE_REACH
    for mention in after:
        if mention.start >= limit:
            return None
        if not mention.affiliation and _SCOPE_BEFORE.search(
            text, max(0, mention.start - 20), mention.start
        ):
            return mention
    return None


# "Kantor Cabang A dan B masing-masing mencatat 1.200 dan 900 peserta".
_RESPECTIVELY = re.compile(r"\bmasing-masing\b|\bmasing2\b", re.IGNORECASE)


def _share_kinds(readings: list[Reading]) -> None:
    """Figures listed before one noun are of one kind: "12.000 dan 9.000 peserta baru"."""
    for first, second in zip(readings, readings[1:], strict=False):
        if first.figure.noun_from_next and (first.kind is None) != (second.kind is None):
            first.kind = second.kind = first.kind or second.kind


_BEFORE_LISTED_YEARS = re.compile(r"\s*(?:(?:pada|selama|sepanjang)\s+)?(?:tahun\s+)?", re.I)
_BETWEEN_LISTED_YEARS = re.compile(r"\s*(?:,\s*(?:dan\s+)?|dan\s+|serta\s+)(?:tahun\s+)?", re.I)


def _listed_years(text: str, readings: list[Reading], years: list[YearMention]) -> None:
    """Figures listed before one noun, then as many years listed right after them, go with
    those years in order: "1.200 dan 900 perusahaan pada 2018 dan 2019"."""
    chain: list[Reading] = []
    for reading in readings:
        chain.append(reading)
        if reading.figure.noun_from_next:
            continue
        if len(chain) > 1:
            stated = _years_listed_at(text, chain[-1].figure.attached_end, years)
            if len(stated) == len(chain):
                for member, year in zip(chain, stated, strict=True):
                    member.year = year
        chain = []


def _years_listed_at(text: str, position: int, years: list[YearMention]) -> list[int]:
    """The explicit years listed one after another from ``position`` on."""
    listed: list[int] = []
    joint = _BEFORE_LISTED_YEARS
    for mention in years:
        if mention.position < position or mention.relative:
            continue
        if not joint.fullmatch(text, position, mention.position):
            break
        listed.append(mention.year)
        position, joint = mention.position + 4, _BETWEEN_LISTED_YEARS
    return listed


def _assign_respectively(text, sentence, years, mentions, readings) -> None:
    """Give the figures after "masing-masing" to the offices, segments or years listed before
    it, in order, when there are as many figures as names; otherwise leave them as they are.
    A percentage goes with the amount before it."""
    if text.find("asing", sentence.start, sentence.end) < 0:  # a cheap test first
        return
    respectively = _RESPECTIVELY.search(text, sentence.start, sentence.end)
    if respectively is None:
        return
    figures = [r for r in readings if r.figure.start >= respectively.end()]
    amounts = [r for r in figures if not r.figure.is_percent]
    before = [m for m in mentions if m.end <= respectively.start()]
    listed = _enumeration_ending_with(text, before) if before else []
    if len(listed) > 1 and len(amounts) == len(listed):
        _hand_out(figures, [m.office for m in listed], "office")
    # "Peserta PU dan BPU masing-masing 50.000 dan 8.000 orang": the segments since the last
    # figure before "masing-masing", each once.
    earlier = [r.figure.attached_end for r in readings if r.figure.start < respectively.start()]
    since = earlier[-1] if earlier else sentence.start
    named = [name for _, name in _segments_named(text[since : respectively.start()])]
    segments = [name for i, name in enumerate(named) if i == 0 or name != named[i - 1]]
    counts = [r for r in amounts if r.metric == "participants"]
    if len(set(segments)) == len(segments) > 1 and len(counts) == len(amounts) == len(segments):
        _hand_out(figures, segments, "segment")
    # "Peserta tahun 2018 dan 2019 masing-masing 12.000 dan 15.000 orang".
    stated = [y.year for y in years if since <= y.position < respectively.start()]
    if len(set(stated)) == len(stated) > 1 and len(amounts) == len(stated):
        _hand_out(figures, stated, "year")


def _hand_out(figures: list[Reading], values: list, attribute: str) -> None:
    """Set ``attribute`` of the amounts among ``figures`` to ``values`` in order; each
    percentage takes the value of the amount before it."""
    remaining = iter(values)
    current = None
    for reading in figures:
        if not reading.figure.is_percent:
            current = next(remaining)
        if current is not None:
            setattr(reading, attribute, current)


def _remember(text, sentence, years, mentions, readings, state) -> None:
    """Carry what this sentence established to the sentences after it."""
    stated = [y for y in years if y.compared_from is None]  # not "dibanding tahun lalu"
    if stated:
        state.context_year = stated[-1].year
    if mentions:
        state.office = _carried_office(text, mentions, state.office)
    kept = [r for r in readings if r.excluded is None and r.role]
    if kept:
        state.topic_metric = kept[-1].metric
    if readings:
        state.previous_readings = readings
        state.previous_had_target = any(r.role == "target" for r in kept)

    named = {name for _, name in _segments_named(sentence.text_of(text))}
    participant_segments = {r.segment for r in kept if r.metric == "participants"}
    if len(named) > 1 or len(participant_segments) > 1:
        state.paragraph_segment = None
    elif participant_segments:
        only = participant_segments.pop()
        state.paragraph_segment = only if only != "ALL" else None
    elif len(named) == 1:
        state.paragraph_segment = named.pop()


def _carried_office(text: str, mentions: list[Mention], carried: Office | None) -> Office | None:
    """The office a sentence leaves the article talking about: the last one it names, but not
    a list of several ("ada kantor cabang Samarinda, Balikpapan, Bontang dan Berau"), which
    leaves the subject named before the list, and not a speaker's Kanwil around the province
    the article is talking about."""
    last = mentions[-1]
    listed = _enumeration_ending_with(text, mentions)
    if len(listed) > 1:
        rest = mentions[: -len(listed)]
        return rest[-1].office if rest else carried
    if last.affiliation and carried and _nested(carried, last.office):
        return carried
    return last.office


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
