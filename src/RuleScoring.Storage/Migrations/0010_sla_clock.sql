-- Which clock an SLA task's due time was counted on (tiers.json slaClock). Both NULL: the wall
-- clock the tier asks for, as every task before this migration. clock_zone: the rep's IANA zone
-- when their business hours were counted; clock: how it was counted ("business hours of Priya
-- Shah") or why the wall clock stood in for a business-hours tier ("held in sdr_emea ...").
ALTER TABLE sla_tasks ADD COLUMN clock TEXT;
ALTER TABLE sla_tasks ADD COLUMN clock_zone TEXT;
