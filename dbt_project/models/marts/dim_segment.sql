select
    segment,
    segment_name,
    description
from (
    values
    ('PU', 'Penerima Upah', 'Wage earners, registered through their employer.'),
    ('BPU', 'Bukan Penerima Upah', 'Informal and self-employed workers who register themselves.'),
    ('JAKON', 'Jasa Konstruksi', 'Construction-project workers, registered per project.'),
    ('PMI', 'Pekerja Migran Indonesia', 'Indonesian migrant workers.'),
    ('ALL', 'Semua segmen', 'The office total, not split by segment.')
) as segments (segment, segment_name, description)
