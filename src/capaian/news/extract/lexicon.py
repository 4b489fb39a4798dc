"""The Indonesian words the extractor listens for, as precompiled patterns.

Everything language-specific lives here so that the rules in the other modules read as logic,
not as word lists. Stems are written loosely on purpose (``\\w*arget\\w*`` also catches
``manargetkan`` and ``taget``): news copy is full of typos and the cost of a loose stem is small
because every cue is only ever looked for right next to a figure.
"""

from __future__ import annotations

import re


def _words(*alternatives: str) -> str:
    """Join alternatives into one group, bounded by word edges."""
    return r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)"


def _compile(*alternatives: str) -> re.Pattern[str]:
    return re.compile(_words(*alternatives), re.IGNORECASE)


# --- Roles -----------------------------------------------------------------------------------

# A target: the amount an office is meant to reach.
TARGET = _compile(
    r"\w*(?:arget|taget)\w*",  # target, targetnya, menargetkan, ditargetkan, manargetkan, taget
    r"(?:mem|di)?bidik\w*",
    r"sasaran",
    r"(?:mem|di)?patok\w*",
)
# A realization reported with a verb that can only mean "achieved / collected / recorded".
REALIZATION_STRONG = _compile(
    r"\w*real[ia]\w*sasi\w*",  # realisasi, terealisasi, realisasinya, realiasasinya
    r"\w*ralisasi\w*",  # teralisasi
    r"menjaring|dijaring|menghimpun|dihimpun|himpun|penghimpunan",
    r"membukukan|dibukukan|merangkul|merekrut|akuisisi",
    r"tercapai|terkumpul|tembus|menembus",
)
# Words that usually accompany a realization but also appear around targets ("menargetkan ...
# mencapai 19.300"): they decide only when no stronger cue is present.
REALIZATION_WEAK = _compile(
    # "baru 80.000" (only), not "peserta baru" (new ones).
    r"mencapai|capai|tercatat|mencatat|terdaftar|sudah|telah|(?<!peserta )(?<!kerja )baru|kini",
    r"sekarang",
    r"bertambah|berjumlah",
    r"saat ini|hingga kini|sampai saat ini|terlindungi|tercover|bergabung|menjangkau",
)
# Words that turn a percentage into an attainment: progress against a target.
ATTAINMENT = _compile(
    r"melampaui\w*|melebihi|tembus|menembus|tercapai|capaian|pencapaian\w*|progres\w*",
    r"prosentase\w*|persentase\w*|rasio|terpenuhi|\w*real[ia]\w*sasi\w*|\w*ralisasi\w*",
)
# "P persen dari target", "X dari yang ditargetkan": the phrase right after a figure.
FROM_TARGET = re.compile(
    r"^\s*,?\s*dari\s+(?:(?:jumlah|angka)\s+)?(?:yang\s+)?(?:\w*arget|taget)\w*",
    re.IGNORECASE,
)
# "10 ribu target", "8 ribu lebih targetnya", "6.470 perusahaan yang ditargetkan".
TARGET_AFTER = re.compile(
    r"^\s*(?:yang\s+)?(?:di)?(?:target|taget)(?:kan|nya)?(?!\w)(?!\s+(?:dari|sebesar|sebanyak))",
    re.IGNORECASE,
)

# --- What a figure is not --------------------------------------------------------------------

# Growth rates are not attainment ("naik 20 persen", "ditargetkan tumbuh 15 persen").
GROWTH = _compile(
    r"naik|kenaikan|dinaik\w*|tumbuh|pertumbuhan|meningkat\w*|peningkatan|bertambah",
    r"turun|penurunan|menurun",
)
# The population a coverage share is taken of, never an office's own result.
POTENTIAL = _compile(
    r"potensi\w*|berpotensi|angkatan kerja|penduduk|BPS|Badan Pusat Statistik",
    r"estimasi|realistis|orang yang bekerja|belum",
    r"non[- ]?aktif|tidak aktif|tidak tertib|sisa",
    # "industri rokok yang mempekerjakan sekitar 80 ribu buruh": a workforce, not participants.
    r"mempekerjakan|memperkerjakan|dipekerjakan|menyerap",
)
# The other BPJS (health insurance: JKN, KIS) and this one: a figure about the health agency's
# members is not this agency's, however an office is named next to it.
HEALTH_AGENCY = re.compile(
    r"\bBPJS\s*Kes(?:ehatan)?\b|\bJKN\b|\bKIS\b|\bJaminan\s+Kesehatan\b", re.IGNORECASE
)
THIS_AGENCY = re.compile(
    r"\bBPJS\s*(?:Ketenagakerja\w*|Ketenaga\s+Kerjaan|TK|Naker)\b|\bBP\s*Jamsostek\b|"
    r"\bJamsostek\b|\bJaminan\s+Sosial\s+Ketenagakerjaan\b|\bJ(?:HT|KK|KM|KP|P)\b",
    re.IGNORECASE,
)
# No office below the head office has this many participants or collects this much a year:
# the largest region holds a few million workers and some trillions of rupiah.
MOST_ONE_OFFICE_HOLDS = {"participants": 10**7, "employers": 10**6, "contributions": 5 * 10**13}
# Other bodies that count workers and employers: a figure they report (named before it, after
# any mention of this agency) may be theirs ("Disnaker mencatat 2.450 perusahaan", "data BPS").
OTHER_BODY = re.compile(
    r"\b(?:Disnaker\w*|(?-i:Dinas)|"
    r"(?-i:BPS)|Badan\s+Pusat\s+Statistik|BP2MI|BP3MI|BNP2TKI|Jasa\s+Raharja|Taspen|Asabri|"
    r"(?-i:OJK))\b",
    re.IGNORECASE,
)
# "ada sekitar 60.000 pekerja", "terdapat 753.088 pekerja": people there are, who may or may not
# take part (right before the figure).
THERE_ARE = re.compile(
    r"\b(?:ada|terdapat)\s+(?:sebanyak\s+|sekitar\s+|kurang\s+lebih\s+)?$", re.IGNORECASE
)
# Groups inside an office's participants: a programme for one trade or one group of workers,
# often paid by a local government, is not the office's realization.
SUBGROUP = re.compile(
    r"\b(?:ojol|ojek|pengemudi|driver|petani|nelayan|rentan|guru|perangkat\s+desa|"
    r"RT|RW|marbot|pedagang|buruh\s+tani|honorer|relawan|kader|agen|Perisai|pecalang)\b",
    re.IGNORECASE,
)
# Figures of the whole country: "secara nasional", "di seluruh Indonesia", "Kantor Pusat".
NATIONAL_SCOPE = re.compile(
    r"(?=[stk])\b(?:secara|skala|tingkat)\s+nasional\b|\bseluruh\s+(?:wilayah\s+)?Indonesia\b|"
    r"\bse-?Indonesia\b|"
    # The head office, unless it is who set a local target ("target yang ditetapkan kantor pusat").
    r"(?<!oleh )(?<!dari )(?<!ditetapkan )(?<!diberikan )(?<!dibebankan )\bKantor\s+Pusat\b",
    re.IGNORECASE,
)
# A rank among the nation's offices is no national figure: "tertinggi se-Indonesia",
# "peringkat kedua secara nasional", "terbaik tingkat nasional".
RANKED_NATIONALLY = re.compile(
    r"\b(?:ter(?:tinggi|besar|banyak|baik|rendah|kecil)|(?:peringkat|ranking|rangking|juara)"
    r"\s+(?:ke-?)?\w+)\s+(?:(?:secara|tingkat|skala|di)\s+)?"
    r"(?:se-?Indonesia|nasional|seluruh\s+Indonesia)\b",
    re.IGNORECASE,
)
# What is still missing: "masih kurang 20 persen dari target", "kekurangan", "selisih".
SHORTFALL = _compile(r"kurang|kekurangan|selisih|tersisa|sisa(?:nya)?|tertinggal")
# "cakupan kepesertaan 91 persen" is a coverage share; "cakupan kepesertaan sebanyak 196 ribu
# pekerja" is the count of participants covered: these words exclude percentages only.
COVERAGE = _compile(r"coverage|cakupan|caferiks?|kaveriks?|UCJ")
# Money that is paid out (claims, benefits: dicairkan; subsidies: disalurkan), recovered or
# charged (arrears: menunggak), not contributions collected.
PAYOUT = re.compile(
    # The lookahead (first letters of the words) and the shared prefixes are only for speed.
    "(?=[kKsSbBmMdDpPtTnNcC])"
    + _words(
        r"klaim\w*|santunan|salur\w*|subsidi|beasiswa|manfaat\w*|kasus|denda",
        r"di(?:bayarkan|pulihkan|tunggak|cair\w*|salur\w*)|pulih\w*|piutang|pe(?:ncair|nyalur)\w*",
        r"me(?:mulihkan|nunggak|ncair\w*|nyalur\w*)|tunggakan|nunggak|cair\w*",
        # "membayarkan JHT senilai ...", not "membayarkan iuran" (contributions paid in).
        r"membayarkan(?=\s+(?:\w+\s+){0,2}?(?:JHT|JKK|JKM|JP|JKP|jaminan|klaim|santunan|manfaat))",
    ),
    re.IGNORECASE,
)
# Between the two ends of a range: "10.000-12.000 peserta", "10 hingga 12 ribu", "antara 40
# dan 45 ribu". A range is no one figure: neither end is reported.
RANGE_JOINT = re.compile(r"\s*(?:-|–|—|s\.?\s?d\.?|sampai(?:\s+dengan)?|hingga)\s*", re.I)
RANGE_BETWEEN = re.compile(r"\s*dan\s*", re.I)
RANGE_START = re.compile(r"\b(?:antara|berkisar(?:\s+antara)?|kisaran)\s+$", re.I)
# A rate or a monthly figure: "Rp16.800 perbulan", "rata-rata Rp20 miliar", "iuran terendah".
PER_PERIOD = _compile(
    # "per bulan Agustus 2019" is an as-of date, not a rate.
    r"per\s*bulan(?!\s+(?:jan|feb|mar|apr|mei|jun|jul|agu|sep|okt|nov|des))|perbulan|sebulan",
    r"setiap bulan|tiap bulan|bulan ini|rata-rata|terendah",
    r"termurah|hanya membayar|mulai",
)
# Words that put a figure in the future: not a realization (yet).
PROJECTION = _compile(
    r"bakal|akan|diperkirakan|diproyeksikan|proyeksi|memungkinkan|diharapkan|berharap",
)
# A cue that does not carry over the word "dengan": "... dari target dengan nilai Rp4 triliun".
CLAUSE_BREAK = _compile(r"dengan")
# "Dari jumlah itu ...": the sentence breaks down the previous sentence's total.
ANAPHORA_START = re.compile(
    r"^\W*(?:dari|dengan)\s+(?:jumlah|angka|total)\s+(?:itu|tersebut|ini)\b", re.IGNORECASE
)

# --- Hedges ----------------------------------------------------------------------------------

HEDGE_BEFORE = re.compile(
    # Grouped by first letters, only for speed: sekitar, sekira, sedikitnya, setidaknya, kurang
    # lebih, kurang dari, lebih kurang, lebih dari, kira-kira, kisaran, di bawah, di atas ...
    r"(?:se(?:kitar|kira|dikitnya|tidaknya)|kurang (?:lebih|dari)|lebih (?:kurang|dari)|"
    r"ki(?:ra-kira|saran)|di (?:bawah|atas)|hampir|nyaris|mendekati|berkisar|"
    r"±|\+/-)\s*(?:angka\s+)?(?:rp\.?\s*)?$",
    re.IGNORECASE,
)
HEDGE_AFTER = re.compile(r"\s*(?:\w+\s+)?lebih(?!\s+(?:dari|besar|tinggi|banyak))\b", re.I)

# --- Segments --------------------------------------------------------------------------------

# Ordered so that the longer name wins where one contains another ("bukan penerima upah").
SEGMENT_PATTERNS: list[tuple[str, str]] = [
    ("BPU", r"bukan\s+penerima\s+upah|\bBPU\b|non[- ]?formal|informal|(?:peserta\s+)?mandiri"),
    (
        "JAKON",
        r"jasa\s+kon(?:s)?truksi|\bjakon\b|"
        r"(?:pekerja|sektor|buruh|tenaga\s+kerja|proyek)\s+(?:proyek\s+)?kon(?:s)?truksi",
    ),
    ("PMI", r"pekerja\s+migran|\bPMI\b|\bTKI\b"),
    ("PU", r"penerima\s+upah|\bPU\b|\bformal\b"),
]
SEGMENT = re.compile(
    # The lookahead lets the engine skip quickly over letters no segment name starts with.
    "(?=[bpnimjftsBPNIMJFTS])(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in SEGMENT_PATTERNS)
    + ")",
    re.IGNORECASE,
)
# "baik penerima upah maupun bukan penerima upah", "formal maupun informal": all segments.
BOTH_SEGMENTS = re.compile(r"\bmaupun\b|\bgabungan\b|\bseluruh\b", re.IGNORECASE)
# "di luar jasa konstruksi (jakon) dan PMI sebanyak ...": the named segments are excluded.
EXCLUDING = re.compile(
    r"\b(?:di\s+luar|selain|kecuali|tidak\s+termasuk)\b.*?"
    r"(?=\b(?:sebanyak|sebesar|mencapai|berjumlah|yakni|yaitu|ada)\b|[,;.]|$)",
    re.IGNORECASE,
)

# --- Metrics ---------------------------------------------------------------------------------

EMPLOYER_WORDS = re.compile(
    r"\bperusaha?an\b(?!\s+(?:milik\s+)?negara)|\bbadan\s+usaha\b|\bpemberi\s+kerja\b|\bPK\s*/\s*BU\b",
    re.IGNORECASE,
)
# Not a region's or the state's revenue: "pendapatan asli daerah", "penerimaan pajak".
CONTRIBUTION_WORDS = re.compile(
    r"\biuran\b|\b(?:penerimaan|pendapatan)\b"
    r"(?!\s+(?:asli|daerah|negara|pajak|retribusi|per\s*kapita|masyarakat|warga|rumah\s+tangga))",
    re.IGNORECASE,
)
# Money that is something else than contributions, when no contribution word says otherwise.
OTHER_MONEY = _compile(
    r"dana|anggaran|investasi|aset|klaim|manfaat|santunan|bantuan|hibah|subsidi|upah|gaji|UMK|"
    r"UMP|belanja|modal|kredit|pinjaman|biaya|harga|proyek|APBD|APBN|PAD|pajak|retribusi|"
    r"tunggakan|denda|beasiswa"
)
PARTICIPANT_WORDS = re.compile(
    r"\b(?:ke)?peserta\w*|\bpekerja\b|\btenaga\s+kerja\b|\bjiwa\b", re.IGNORECASE
)
# A count of people is a count of participants only where the sentence says they take part:
# "ada 650.000 tenaga kerja" is the workforce, "650.000 tenaga kerja terdaftar" participants.
TAKING_PART = re.compile(
    # Stems, not words: "lindung" is in terlindungi, dilindungi, melindungi, perlindungan.
    r"peserta|daftar|lindung|bergabung|tercover|menjaring|merekrut|akuisisi|reali|target|"
    r"jaminan sosial|iuran|aktif",
    re.IGNORECASE,
)
NEW_KIND = re.compile(
    r"\bbaru\b(?!\s+(?:mencapai|sekitar|\d|terealisasi|tercapai|merangkul))|penambahan|bertambah|"
    r"menjaring|merekrut|akuisisi",
    re.IGNORECASE,
)
# "peserta aktif"; "total peserta" and "keseluruhan peserta" are the whole stock too.
ACTIVE_KIND = re.compile(
    r"\baktif\b|\b(?:total|keseluruhan|seluruh)\s+(?:jumlah\s+)?(?:ke)?peserta", re.IGNORECASE
)

# The noun right after a figure, which says what was counted.
PERSON_UNITS = r"orang|pekerja|tenaga\s+kerja|TK|jiwa|karyawan|buruh|(?-i:PMI|TKI)"
GENERIC_UNITS = r"peserta"
# "PK" (pemberi kerja) and "BU" (badan usaha) are the agency's own words for employers.
EMPLOYER_UNITS = (
    r"perusaha?an(?:\s*/\s*proyek)?|badan\s+usaha|pemberi\s+kerja|unit(?!\s+usaha)|"
    r"(?-i:PK(?:\s*/\s*BU)?|BU)"
)
# Nouns that make a figure something other than a count of participants or employers.
OTHER_UNITS = (
    # Perisai: the agency's recruiting agents ("Penggerak Jaminan Sosial Indonesia").
    r"kasus|klaim|kantor|cabang|kader|perisai|penggerak|provinsi|kabupaten|kota|desa|pasar|proyek|SKK|"
    r"angkatan\s+kerja|potensi|tahun|bulan|hari|minggu|jam|besar|kali|agen|orang\s+agen|"
    r"persen|lembaga|sekolah|kelurahan|kecamatan|unit\s+usaha|home|UMKM|RT|RW"
)
UNIT_AFTER = re.compile(
    rf"\s*(?:(?P<person>{PERSON_UNITS})|(?P<generic>{GENERIC_UNITS})|"
    rf"(?P<employer>{EMPLOYER_UNITS})|(?P<other>{OTHER_UNITS}))(?!\w)",
    re.IGNORECASE,
)
