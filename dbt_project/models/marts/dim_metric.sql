select
    metric,
    metric_name,
    unit
from (
    values
    ('participants', 'Peserta (tenaga kerja)', 'persons'),
    ('contributions', 'Iuran', 'IDR'),
    ('employers', 'Perusahaan (pemberi kerja)', 'employers')
) as metrics (metric, metric_name, unit)
