-- The annual report's aggregates written by hand (bench/run.py times this against
-- GET /api/v1/reporting/annual/{year}). Parameters: %(start)s, %(end)s (the year's bounds, UTC), %(year)s.
-- TEE here = bills' amounts annualised over the days they cover / yearly income (the app's
-- api.energy annualisation per energy is finer; the volume of rows read is the same).
SELECT h.unit_id, extract(month FROM v.starts_at AT TIME ZONE 'Europe/Paris') AS month, count(*)
FROM visit v JOIN household h ON h.id = v.household_id
WHERE v.status = 'done' AND v.starts_at >= %(start)s AND v.starts_at < %(end)s
GROUP BY 1, 2;

SELECT o.kind, count(*) FROM referral r JOIN organisation o ON o.id = r.referring_organisation_id
WHERE r.received_at >= %(start)s AND r.received_at < %(end)s GROUP BY 1;

SELECT rr.reason, count(*) FROM referral_reason rr JOIN referral r ON r.id = rr.referral_id
WHERE r.received_at >= %(start)s AND r.received_at < %(end)s GROUP BY 1;

WITH r AS (SELECT id, received_at FROM referral WHERE received_at >= %(start)s AND received_at < %(end)s),
calls AS (SELECT c.referral_id, min(c.at) AS at FROM call_attempt c JOIN r ON r.id = c.referral_id GROUP BY 1),
visits AS (SELECT v.referral_id, min(v.starts_at) AS at FROM visit v JOIN r ON r.id = v.referral_id
           WHERE v.status = 'done' GROUP BY 1)
SELECT 'referral_to_first_call', count(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM calls.at - r.received_at) / 86400),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM calls.at - r.received_at) / 86400)
FROM r JOIN calls ON calls.referral_id = r.id
UNION ALL
SELECT 'referral_to_visit', count(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM visits.at - r.received_at) / 86400),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM visits.at - r.received_at) / 86400)
FROM r JOIN visits ON visits.referral_id = r.id;

WITH fv AS (
  SELECT DISTINCT ON (v.household_id) v.household_id
  FROM visit v WHERE v.status = 'done' AND v.starts_at >= %(start)s AND v.starts_at < %(end)s
  ORDER BY v.household_id, v.starts_at
),
cu AS (
  SELECT m.household_id,
         1 + 0.5 * count(*) FILTER (WHERE %(year)s - m.birth_year >= 14) + 0.3 * count(*) FILTER (WHERE %(year)s - m.birth_year < 14) - 0.5 AS units
  FROM household_member m JOIN fv USING (household_id) GROUP BY 1
),
income AS (
  SELECT s.household_id, (SELECT sum((i->>'monthly_eur')::numeric) * 12 FROM json_array_elements(s.data->'incomes') i) AS yearly
  FROM social_diagnostic s JOIN fv USING (household_id)
),
spending AS (
  SELECT b.household_id,
         sum(b.amount_eur) * 365 / greatest(sum(coalesce(b.period_end - b.period_start + 1, 365)), 1) AS yearly
  FROM bill_entry b JOIN fv USING (household_id) GROUP BY 1
)
SELECT h.tenure, coalesce(d.main_heating_energy, 'unknown'),
       width_bucket(income.yearly / nullif(cu.units, 0), ARRAY[8000, 11000, 13500, 16000, 18500, 21000, 24000, 28000, 34000]::numeric[]) AS decile,
       width_bucket(spending.yearly / nullif(income.yearly, 0), ARRAY[0.08, 0.10, 0.15]::numeric[]) AS tee_band,
       count(*)
FROM fv JOIN household h ON h.id = fv.household_id
LEFT JOIN dwelling d ON d.household_id = fv.household_id
LEFT JOIN cu ON cu.household_id = fv.household_id
LEFT JOIN income ON income.household_id = fv.household_id
LEFT JOIN spending ON spending.household_id = fv.household_id
GROUP BY 1, 2, 3, 4;

WITH fv AS (
  SELECT DISTINCT v.household_id FROM visit v
  WHERE v.status = 'done' AND v.starts_at >= %(start)s AND v.starts_at < %(end)s
)
SELECT o.kind, o.status, count(*), sum(coalesce(o.amount_obtained_eur, 0))
FROM orientation o JOIN fv USING (household_id)
WHERE o.superseded_by_id IS NULL
  AND (o.report_id IS NULL OR o.report_id IN (SELECT id FROM report WHERE status IN ('validated', 'sent')))
GROUP BY 1, 2;

WITH fv AS (
  SELECT DISTINCT v.household_id FROM visit v
  WHERE v.status = 'done' AND v.starts_at >= %(start)s AND v.starts_at < %(end)s
)
SELECT w.status, count(*), sum(w.actual_cost_eur) FROM works_update w JOIN fv USING (household_id)
WHERE w.on >= make_date(%(year)s, 1, 1) AND w.on < make_date(%(year)s + 1, 1, 1) GROUP BY 1;
