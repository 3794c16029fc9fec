-- 017_offline_import: an assessment filled on the offline form (the workbook the program
-- hands out) and brought in by an agency is marked as such: imported_from names where it came
-- from ('offline_form'; NULL for an assessment made on the screens). The workbook itself is kept
-- as one of the assessment's documents, of kind 'offline_form'.
ALTER TABLE assessments ADD COLUMN imported_from TEXT;
