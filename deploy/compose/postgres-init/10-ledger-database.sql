-- Runs once, when PostgreSQL initialises an empty data directory (docker-entrypoint-initdb.d):
-- the workers' ledger (台账, LEDGER_DATABASE_URL) gets a database of its own beside the engine's
-- (POSTGRES_DB anquan), owned by the same role. The workers create their tables on start.
CREATE DATABASE anquan_ledger OWNER anquan;
