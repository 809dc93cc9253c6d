//! The schema, as an ordered list of migrations. Migration `n` (0-based) takes the database from
//! `PRAGMA user_version` `n` to `n + 1`; each is applied in its own transaction. Never edit a
//! migration that has shipped: add a new one.

/// Every migration, oldest first.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: status changes, item states, the audit log and its head.
    r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: its entries cannot be changed');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only: its entries cannot be deleted');
END;

CREATE TABLE status_change (
    seq             INTEGER PRIMARY KEY,
    item            TEXT NOT NULL,
    from_status     TEXT NOT NULL CHECK (from_status IN ('todo', 'doing', 'done', 'cancelled')),
    to_status       TEXT NOT NULL CHECK (to_status IN ('todo', 'doing', 'done', 'cancelled')),
    action          TEXT NOT NULL CHECK (action IN ('start', 'done', 'cancel', 'reopen')),
    actor           TEXT NOT NULL,
    at              TEXT NOT NULL,
    note            TEXT,
    evidence_name   TEXT,
    evidence_sha256 TEXT,
    source          TEXT UNIQUE,
    audit_seq       INTEGER NOT NULL,
    CHECK ((evidence_name IS NULL) = (evidence_sha256 IS NULL))
);
CREATE INDEX status_change_item ON status_change (item, seq);
CREATE TRIGGER status_change_no_update BEFORE UPDATE ON status_change
BEGIN
    SELECT RAISE(ABORT, 'status changes are append-only: they cannot be changed');
END;
CREATE TRIGGER status_change_no_delete BEFORE DELETE ON status_change
BEGIN
    SELECT RAISE(ABORT, 'status changes are append-only: they cannot be deleted');
END;

CREATE TABLE item_state (
    item         TEXT PRIMARY KEY NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'done', 'cancelled')),
    completed_at TEXT
);
"#,
    // 2: workflow instances and the versions of their dossiers (fazhi-flow). Step completions are
    // status changes of the items `INSTANCE/STEP`.
    r#"
CREATE TABLE flow_instance (
    id         TEXT PRIMARY KEY NOT NULL,
    workflow   TEXT NOT NULL,
    started    TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    audit_seq  INTEGER NOT NULL
);
CREATE TRIGGER flow_instance_no_update BEFORE UPDATE ON flow_instance
BEGIN
    SELECT RAISE(ABORT, 'workflow instances are append-only: they cannot be changed');
END;
CREATE TRIGGER flow_instance_no_delete BEFORE DELETE ON flow_instance
BEGIN
    SELECT RAISE(ABORT, 'workflow instances are append-only: they cannot be deleted');
END;

CREATE TABLE flow_data (
    seq       INTEGER PRIMARY KEY,
    instance  TEXT NOT NULL REFERENCES flow_instance (id),
    name      TEXT NOT NULL,
    text      TEXT NOT NULL,
    sha256    TEXT NOT NULL,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    audit_seq INTEGER NOT NULL
);
CREATE INDEX flow_data_instance ON flow_data (instance, seq);
CREATE TRIGGER flow_data_no_update BEFORE UPDATE ON flow_data
BEGIN
    SELECT RAISE(ABORT, 'dossier versions are append-only: they cannot be changed');
END;
CREATE TRIGGER flow_data_no_delete BEFORE DELETE ON flow_data
BEGIN
    SELECT RAISE(ABORT, 'dossier versions are append-only: they cannot be deleted');
END;
"#,
    // 3: reminder mail (fazhi-notify): each message with its delivery state, and each notice it
    // carries under the unique key (item, kind, recipient, day) that makes a reminder go once.
    r#"
CREATE TABLE mail_message (
    id              INTEGER PRIMARY KEY,
    created_at      TEXT NOT NULL,
    day             TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    sender          TEXT NOT NULL,
    address         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    raw             BLOB NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'abandoned')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at TEXT,
    sent_at         TEXT
);
CREATE INDEX mail_message_status ON mail_message (status, next_attempt_at);

CREATE TABLE mail_notice (
    key       TEXT PRIMARY KEY NOT NULL,
    message   INTEGER NOT NULL REFERENCES mail_message (id),
    item      TEXT NOT NULL,
    kind      TEXT NOT NULL,
    recipient TEXT NOT NULL,
    day       TEXT NOT NULL
);
CREATE INDEX mail_notice_message ON mail_notice (message);
"#,
    // 4: runs of the scheduler's jobs (fazhi serve, fazhi run-job).
    r#"
CREATE TABLE job_run (
    id            INTEGER PRIMARY KEY,
    job           TEXT NOT NULL,
    scheduled_for TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT NOT NULL,
    outcome       TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'skipped')),
    detail        TEXT NOT NULL
);
CREATE INDEX job_run_job ON job_run (job, scheduled_for);
"#,
    // 5: the ledger (台账): typed rows of the kinds modules declare, each with its source, and
    // the imports that brought them. A row's key (a hash of its kind, values and occurrence)
    // makes importing the same rows twice add nothing.
    r#"
CREATE TABLE ledger_import (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    source     TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    rows_read  INTEGER NOT NULL,
    rows_added INTEGER NOT NULL,
    actor      TEXT NOT NULL,
    at         TEXT NOT NULL,
    audit_seq  INTEGER NOT NULL
);
CREATE TABLE ledger_row (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    year       INTEGER NOT NULL,
    data       TEXT NOT NULL,
    row_key    BLOB NOT NULL UNIQUE,
    source     TEXT NOT NULL,
    source_row INTEGER NOT NULL,
    import     INTEGER NOT NULL REFERENCES ledger_import (id)
);
CREATE INDEX ledger_row_kind_year ON ledger_row (kind, year);
CREATE TRIGGER ledger_row_no_update BEFORE UPDATE ON ledger_row
BEGIN
    SELECT RAISE(ABORT, 'ledger rows are append-only: they cannot be changed');
END;
CREATE TRIGGER ledger_row_no_delete BEFORE DELETE ON ledger_row
BEGIN
    SELECT RAISE(ABORT, 'ledger rows are append-only: they cannot be deleted');
END;
"#,
    // 6: the registry of ledger tables: which table holds each kind's rows (see `LedgerTable`).
    // Tables were named after their kind (`ledger_kind_<kind>`, or `ledger_kind_x<hex>` for a
    // kind that is not an identifier), which two kinds could share (`a-b` and `x612d62`). Each
    // existing table is registered under the kind that made it: of the kinds its name stands
    // for, the one imported first.
    r#"
CREATE TABLE ledger_table (
    kind TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL UNIQUE
);
INSERT INTO ledger_table (kind, name)
SELECT COALESCE(
           (SELECT i.kind FROM ledger_import i WHERE i.kind IN (t.plain, t.decoded) ORDER BY i.id LIMIT 1),
           t.decoded,
           t.plain),
       t.name
FROM (
    SELECT name,
           substr(name, 13) AS plain,
           CASE WHEN substr(name, 13, 1) = 'x' AND length(name) > 13 AND unhex(substr(name, 14)) IS NOT NULL
                     AND (CAST(unhex(substr(name, 14)) AS TEXT) GLOB '*[^a-z0-9_]*')
                THEN CAST(unhex(substr(name, 14)) AS TEXT)
           END AS decoded
    FROM sqlite_schema
    WHERE type = 'table' AND name LIKE 'ledger\_kind\_%' ESCAPE '\'
) t;
"#,
    // 7: the wall-clock time each audit entry is written (`recorded_at`, UTC; the hash covers
    // it; entries written before stay without), and item states that only follow the status
    // changes: a state written that is not the last recorded change of its item is refused.
    r#"
ALTER TABLE audit ADD COLUMN recorded_at TEXT;

CREATE TRIGGER item_state_follows_insert BEFORE INSERT ON item_state
WHEN (NEW.status, NEW.completed_at) IS NOT
     (SELECT to_status, CASE WHEN to_status = 'done' THEN at END
      FROM status_change WHERE item = NEW.item ORDER BY seq DESC LIMIT 1)
BEGIN
    SELECT RAISE(ABORT, 'item states follow the status changes: they cannot be written otherwise');
END;
CREATE TRIGGER item_state_follows_update BEFORE UPDATE ON item_state
WHEN NEW.item IS NOT OLD.item OR (NEW.status, NEW.completed_at) IS NOT
     (SELECT to_status, CASE WHEN to_status = 'done' THEN at END
      FROM status_change WHERE item = NEW.item ORDER BY seq DESC LIMIT 1)
BEGIN
    SELECT RAISE(ABORT, 'item states follow the status changes: they cannot be changed otherwise');
END;
CREATE TRIGGER item_state_no_delete BEFORE DELETE ON item_state
BEGIN
    SELECT RAISE(ABORT, 'item states follow the status changes: they cannot be deleted');
END;
"#,
    // 8: ledger revisions, corrections and voids. Rows stay append-only: a row that a new
    // version of its file leaves out, or that is corrected or voided, is recorded as superseded
    // (`ledger_superseded`) and no longer counted; a correction's new row is an ordinary row of
    // the kind's table, linked to the row it replaces in `ledger_correction`. An import records
    // the sheet it read (part of what names its source) and its revision of the source.
    r#"
ALTER TABLE ledger_import ADD COLUMN sheet TEXT;
ALTER TABLE ledger_import ADD COLUMN revision INTEGER;
ALTER TABLE ledger_import ADD COLUMN rows_superseded INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ledger_import_source ON ledger_import (kind, source);

CREATE TABLE ledger_correction (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    row         INTEGER NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('void', 'correct')),
    replacement INTEGER,
    reason      TEXT NOT NULL,
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    audit_seq   INTEGER NOT NULL,
    CHECK ((action = 'void') = (replacement IS NULL))
);
CREATE TRIGGER ledger_correction_no_update BEFORE UPDATE ON ledger_correction
BEGIN
    SELECT RAISE(ABORT, 'ledger corrections are append-only: they cannot be changed');
END;
CREATE TRIGGER ledger_correction_no_delete BEFORE DELETE ON ledger_correction
BEGIN
    SELECT RAISE(ABORT, 'ledger corrections are append-only: they cannot be deleted');
END;

CREATE TABLE ledger_superseded (
    kind       TEXT NOT NULL,
    row        INTEGER NOT NULL,
    import     INTEGER REFERENCES ledger_import (id),
    correction INTEGER REFERENCES ledger_correction (id),
    PRIMARY KEY (kind, row),
    CHECK ((import IS NULL) <> (correction IS NULL))
) WITHOUT ROWID;
CREATE TRIGGER ledger_superseded_no_update BEFORE UPDATE ON ledger_superseded
BEGIN
    SELECT RAISE(ABORT, 'superseded ledger rows stay superseded: they cannot be changed');
END;
CREATE TRIGGER ledger_superseded_no_delete BEFORE DELETE ON ledger_superseded
BEGIN
    SELECT RAISE(ABORT, 'superseded ledger rows stay superseded: they cannot be deleted');
END;
"#,
    // 9: accounts of the web interface (fazhi-web): each person's password hash (argon2id, PHC
    // string) with the count of failed sign-ins and a lock, and the sessions of signed-in
    // browsers, found by the SHA-256 of their cookie's random token (the token is not stored).
    r#"
CREATE TABLE account (
    person        TEXT PRIMARY KEY NOT NULL,
    password_hash TEXT NOT NULL,
    changed_at    TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT
);
CREATE TABLE web_session (
    token_hash TEXT PRIMARY KEY NOT NULL,
    person     TEXT NOT NULL REFERENCES account (person),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX web_session_person ON web_session (person);
CREATE INDEX web_session_expires ON web_session (expires_at);
"#,
    // 10: a message's channel (fazhi-notify): `email` (the RFC 5322 bytes go to `address`) or
    // `robot` (the platform's JSON message goes to the robot named in `address`).
    r#"
ALTER TABLE mail_message ADD COLUMN channel TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'robot'));
"#,
    // 11: an evidence file's media type, beside its name and digest (`None` for evidence kept
    // before: its name suggests one).
    r#"
ALTER TABLE status_change ADD COLUMN evidence_type TEXT;
"#,
    // 12: a message the outbox folder took, written there as a file and not sent (no SMTP
    // server configured): its status reads `written`, not `sent`.
    r#"
ALTER TABLE mail_message ADD COLUMN written_only INTEGER NOT NULL DEFAULT 0 CHECK (written_only IN (0, 1));
"#,
    // 13: the uniqueness of a status change's `source` kept by an index of its own
    // (`status_change_source`) rather than by the table's `UNIQUE`, so that a long journal
    // applied in bulk can make it after its rows (one sort) instead of filling it row by row in
    // the journal's order. The table is made again with the same columns and rows; the triggers
    // on it and those reading it are made again as they were.
    r#"
DROP TRIGGER item_state_follows_insert;
DROP TRIGGER item_state_follows_update;
DROP TRIGGER status_change_no_update;
DROP TRIGGER status_change_no_delete;
DROP INDEX status_change_item;
CREATE TABLE status_change_13 (
    seq             INTEGER PRIMARY KEY,
    item            TEXT NOT NULL,
    from_status     TEXT NOT NULL CHECK (from_status IN ('todo', 'doing', 'done', 'cancelled')),
    to_status       TEXT NOT NULL CHECK (to_status IN ('todo', 'doing', 'done', 'cancelled')),
    action          TEXT NOT NULL CHECK (action IN ('start', 'done', 'cancel', 'reopen')),
    actor           TEXT NOT NULL,
    at              TEXT NOT NULL,
    note            TEXT,
    evidence_name   TEXT,
    evidence_sha256 TEXT,
    source          TEXT,
    audit_seq       INTEGER NOT NULL,
    evidence_type   TEXT,
    CHECK ((evidence_name IS NULL) = (evidence_sha256 IS NULL))
);
INSERT INTO status_change_13 (seq, item, from_status, to_status, action, actor, at, note, evidence_name,
                              evidence_sha256, source, audit_seq, evidence_type)
    SELECT seq, item, from_status, to_status, action, actor, at, note, evidence_name,
           evidence_sha256, source, audit_seq, evidence_type
    FROM status_change;
DROP TABLE status_change;
ALTER TABLE status_change_13 RENAME TO status_change;
CREATE UNIQUE INDEX status_change_source ON status_change (source);
CREATE INDEX status_change_item ON status_change (item, seq);
CREATE TRIGGER status_change_no_update BEFORE UPDATE ON status_change
BEGIN
    SELECT RAISE(ABORT, 'status changes are append-only: they cannot be changed');
END;
CREATE TRIGGER status_change_no_delete BEFORE DELETE ON status_change
BEGIN
    SELECT RAISE(ABORT, 'status changes are append-only: they cannot be deleted');
END;
CREATE TRIGGER item_state_follows_insert BEFORE INSERT ON item_state
WHEN (NEW.status, NEW.completed_at) IS NOT
     (SELECT to_status, CASE WHEN to_status = 'done' THEN at END
      FROM status_change WHERE item = NEW.item ORDER BY seq DESC LIMIT 1)
BEGIN
    SELECT RAISE(ABORT, 'item states follow the status changes: they cannot be written otherwise');
END;
CREATE TRIGGER item_state_follows_update BEFORE UPDATE ON item_state
WHEN NEW.item IS NOT OLD.item OR (NEW.status, NEW.completed_at) IS NOT
     (SELECT to_status, CASE WHEN to_status = 'done' THEN at END
      FROM status_change WHERE item = NEW.item ORDER BY seq DESC LIMIT 1)
BEGIN
    SELECT RAISE(ABORT, 'item states follow the status changes: they cannot be changed otherwise');
END;
"#,
];
