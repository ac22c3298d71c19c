-- A state file as mock_okta wrote it before PRAGMA user_version 1: its indexes call
-- okta_fold(), which only the mock registered. Two users, a group with one member
-- (`sqlite3 FILE .dump` of a file made with that version; the System Log emptied).
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    login_key TEXT NOT NULL UNIQUE,      -- login folded for case/diacritic-insensitive uniqueness
    profile TEXT NOT NULL,               -- JSON
    password_hash TEXT,
    created REAL NOT NULL,
    activated REAL,
    status_changed REAL,
    last_login REAL,
    last_updated REAL NOT NULL,
    password_changed REAL
);
INSERT INTO users VALUES('00uxKxKsQw0AX9zZm3tu','STAGED','demo.user@example.com','{"login": "Demo.User@Example.COM", "email": "Demo.User@Example.COM", "firstName": "\u00c9mile", "lastName": "Zola", "mobilePhone": null, "secondEmail": null}',NULL,1796628522.3460369109,NULL,NULL,NULL,1796628522.3460369109,NULL);
INSERT INTO users VALUES('00uzqnWWFp9auabHZZuG','PROVISIONED','ada@example.com','{"login": "ada@example.com", "email": "ada@example.com", "firstName": "Ada", "lastName": "Lovelace", "department": "Engineering", "mobilePhone": null, "secondEmail": null}',NULL,1796628522.3464956283,NULL,1796628522.3464956283,NULL,1796628522.3464956283,NULL);
CREATE TABLE clients (
    client_id TEXT PRIMARY KEY,
    client_secret TEXT,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    metadata TEXT NOT NULL,              -- JSON: redirect URIs, grant/response types, auth method
    created REAL NOT NULL,
    last_updated REAL NOT NULL
);
CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    server_id TEXT NOT NULL,
    private_pem TEXT NOT NULL,
    status TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE TABLE org_sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created REAL NOT NULL,
    expires REAL NOT NULL,
    auth_time REAL NOT NULL,
    amr TEXT NOT NULL                    -- JSON array
);
CREATE TABLE session_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    auth_time REAL NOT NULL,
    expires REAL NOT NULL,
    amr TEXT                             -- JSON array; NULL: password only
);
CREATE TABLE authorize_requests (
    key_hash TEXT PRIMARY KEY,
    server_id TEXT NOT NULL,
    params TEXT NOT NULL,                -- JSON of the validated request
    expires REAL NOT NULL
);
CREATE TABLE authorization_codes (
    code_hash TEXT PRIMARY KEY,
    server_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    redirect_uri TEXT NOT NULL,
    scope TEXT NOT NULL,
    nonce TEXT,
    code_challenge TEXT,
    code_challenge_method TEXT,
    auth_time REAL NOT NULL,
    amr TEXT NOT NULL,
    expires REAL NOT NULL
);
CREATE TABLE sign_in_failures (
    user_id TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    last REAL NOT NULL
);
CREATE TABLE authn_transactions (
    state_hash TEXT PRIMARY KEY,         -- stateToken of a non-SUCCESS /api/v1/authn answer
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    expires REAL NOT NULL,
    factor_id TEXT,                      -- MFA_ENROLL_ACTIVATE / MFA_CHALLENGE: which factor
    context TEXT                         -- JSON: the MFA step's amr, app, options
);
CREATE TABLE user_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,                  -- activation | reset
    created REAL NOT NULL,
    expires REAL NOT NULL
);
CREATE TABLE recovery_questions (
    user_id TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    answer_hash TEXT NOT NULL
);
CREATE TABLE groups (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,                  -- OKTA_GROUP | BUILT_IN
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,       -- okta_fold(name): names are unique regardless of case
    description TEXT,
    created REAL NOT NULL,
    last_updated REAL NOT NULL,
    last_membership_updated REAL NOT NULL
);
INSERT INTO "groups" VALUES('00gHCnfbSZUv6wGHAVSC','BUILT_IN','Everyone','everyone','All users in your organization',1796628522.346713066,1796628522.346713066,1796628522.346713066);
INSERT INTO "groups" VALUES('00ggnJSKK4d6TkmKW16C','OKTA_GROUP','Engineers','engineers','People Who BUILD things',1796628522.3467781543,1796628522.3467781543,1796628522.3468968868);
CREATE TABLE group_members (
    group_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    added REAL NOT NULL,
    PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
INSERT INTO group_members VALUES('00ggnJSKK4d6TkmKW16C','00uzqnWWFp9auabHZZuG',1796628522.3468968868);
CREATE TABLE tokens (
    token_key TEXT PRIMARY KEY,          -- access: the jti; refresh: SHA-256 of the token
    kind TEXT NOT NULL,                  -- access_token | refresh_token
    server_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    user_id TEXT,                        -- NULL for client_credentials
    scope TEXT NOT NULL,
    issued REAL NOT NULL,
    expires REAL NOT NULL,
    status TEXT NOT NULL,                -- ACTIVE | ROTATED (refresh, spent) | REVOKED
    grant_id TEXT NOT NULL,              -- shared by every token of one authorization
    code_hash TEXT,                      -- the authorization code the grant came from
    auth_time REAL,
    amr TEXT                             -- JSON array
);
CREATE TABLE spent_codes (
    code_hash TEXT PRIMARY KEY,          -- redeemed codes, remembered to detect replay
    expires REAL NOT NULL
);
CREATE TABLE client_assertions (
    key_hash TEXT PRIMARY KEY,           -- SHA-256 of client id + assertion jti (single use)
    expires REAL NOT NULL
);
CREATE TABLE factors (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    factor_type TEXT NOT NULL,
    provider TEXT NOT NULL,
    status TEXT NOT NULL,                -- PENDING_ACTIVATION | ACTIVE
    profile TEXT NOT NULL,               -- JSON
    secret TEXT,                         -- TOTP: the shared secret; question: the answer's hash
    qr_token TEXT,                       -- TOTP: the QR image's path token
    last_step INTEGER,                   -- TOTP: the last time step accepted (no replays)
    code_hash TEXT,                      -- sms/email: the code last sent, hashed
    code_expires REAL,
    code_sent REAL,                      -- when it was sent (the resend waits)
    attempts INTEGER NOT NULL DEFAULT 0, -- wrong activation codes since attempts_since
    attempts_since REAL,
    created REAL NOT NULL,
    last_updated REAL NOT NULL
);
CREATE TABLE mfa_failures (
    user_id TEXT PRIMARY KEY,            -- wrong second-factor codes in a row at sign-in
    count INTEGER NOT NULL
);
CREATE TABLE policies (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,                  -- OKTA_SIGN_ON | MFA_ENROLL | ACCESS_POLICY
    status TEXT NOT NULL,                -- ACTIVE | INACTIVE
    priority INTEGER NOT NULL,
    system INTEGER NOT NULL,             -- 1 for the default policy of its type
    body TEXT NOT NULL,                  -- JSON: name, description, conditions, settings
    created REAL NOT NULL,
    last_updated REAL NOT NULL
);
CREATE TABLE policy_rules (
    id TEXT PRIMARY KEY,
    policy_id TEXT NOT NULL,
    status TEXT NOT NULL,
    priority INTEGER NOT NULL,
    system INTEGER NOT NULL,
    body TEXT NOT NULL,                  -- JSON: type, name, conditions, actions
    created REAL NOT NULL,
    last_updated REAL NOT NULL
);
CREATE TABLE app_policies (
    client_id TEXT PRIMARY KEY,          -- an app's authentication policy (ACCESS_POLICY)
    policy_id TEXT NOT NULL
);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    created REAL NOT NULL
);
CREATE TABLE log_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- persistence order: polling cursors follow it
    uuid TEXT NOT NULL UNIQUE,
    published_ms INTEGER NOT NULL,           -- `published` in epoch milliseconds (org clock)
    event_type TEXT NOT NULL,
    body TEXT NOT NULL                       -- the LogEvent, as the API returns it
);
CREATE TABLE event_hooks (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT,
    status TEXT NOT NULL,                    -- ACTIVE | INACTIVE
    verification_status TEXT NOT NULL,       -- UNVERIFIED | VERIFIED
    events TEXT NOT NULL,                    -- JSON array of subscribed event types
    config TEXT NOT NULL,                    -- JSON channel.config without authScheme.value
    auth_value TEXT,                         -- authScheme.value: write-only, never returned
    created REAL NOT NULL,
    last_updated REAL NOT NULL
);
CREATE TABLE hook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    hook_id TEXT NOT NULL,
    event_seq INTEGER NOT NULL,              -- log_events.seq of the event delivered
    status TEXT NOT NULL,                    -- PENDING | DELIVERED | FAILED
    attempts INTEGER NOT NULL,
    due REAL NOT NULL,                       -- real time of the next attempt (not the org clock)
    claimed_until REAL,                      -- a sender is on it until then
    event_id TEXT,                           -- the envelope's eventId of the last attempt
    last_result TEXT,                        -- HTTP status or error of the last attempt
    finished REAL
);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('log_events',4);
INSERT INTO sqlite_sequence VALUES('hook_deliveries',0);
CREATE INDEX signing_keys_server ON signing_keys (server_id, status);
CREATE INDEX org_sessions_user ON org_sessions (user_id);
CREATE INDEX users_status_id ON users (status, id);
CREATE INDEX users_last_updated ON users (last_updated);
CREATE INDEX users_login ON users (json_extract(profile, '$.login'));
CREATE INDEX users_email ON users (json_extract(profile, '$.email'));
CREATE INDEX users_first_name ON users (json_extract(profile, '$.firstName'));
CREATE INDEX users_last_name ON users (json_extract(profile, '$.lastName'));
CREATE INDEX users_login_ci ON users (okta_fold(json_extract(profile, '$.login')));
CREATE INDEX users_email_ci ON users (okta_fold(json_extract(profile, '$.email')));
CREATE INDEX users_first_name_ci
    ON users (okta_fold(json_extract(profile, '$.firstName')));
CREATE INDEX users_last_name_ci
    ON users (okta_fold(json_extract(profile, '$.lastName')));
CREATE INDEX user_tokens_user ON user_tokens (user_id, kind);
CREATE INDEX group_members_user ON group_members (user_id, group_id);
CREATE INDEX tokens_grant ON tokens (grant_id);
CREATE INDEX tokens_expires ON tokens (expires);
CREATE INDEX factors_user ON factors (user_id, created);
CREATE INDEX log_events_published ON log_events (published_ms, seq);
CREATE INDEX hook_deliveries_due ON hook_deliveries (status, due);
COMMIT;
