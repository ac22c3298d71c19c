"""The SQLite schema: every table the org keeps, with the module that owns it.

Only the owner (`-- owner:` above each table, a path under mock_okta/) writes
its table; anyone else asks it, so each rule about a row lives in one place.
tests/mock_okta/storage/test_table_owners.py holds every module to that.

Indexes, constraints and triggers use SQLite's built-in functions only, so the
stock sqlite3 tool can open, check and read a state file: case-insensitive search
reads folded copies the owners keep in columns of their own (users.profile_key,
groups.description_key). storage/migrations.py upgrades older files.
"""

SCHEMA = """
-- owner: storage/store.py (Store.setting)
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- owner: directory/users.py
CREATE TABLE IF NOT EXISTS users (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    login_key TEXT NOT NULL UNIQUE,      -- login folded for case/diacritic-insensitive uniqueness
    profile TEXT NOT NULL,               -- JSON
    profile_key TEXT,                    -- the profile with string values case-folded (search)
    password_hash TEXT,
    created REAL NOT NULL,
    activated REAL,
    status_changed REAL,
    last_login REAL,
    last_updated REAL NOT NULL,
    password_changed REAL
);
-- owner: directory/apps.py
CREATE TABLE IF NOT EXISTS clients (
    client_id TEXT PRIMARY KEY,
    client_secret TEXT,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    metadata TEXT NOT NULL,              -- JSON: redirect URIs, grant/response types, auth method
    created REAL NOT NULL,
    last_updated REAL NOT NULL
);
-- owner: org/keys.py
CREATE TABLE IF NOT EXISTS signing_keys (
    kid TEXT PRIMARY KEY,
    server_id TEXT NOT NULL,
    private_pem TEXT NOT NULL,
    status TEXT NOT NULL,
    created REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS signing_keys_server ON signing_keys (server_id, status);
-- owner: directory/sessions.py
CREATE TABLE IF NOT EXISTS org_sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    created REAL NOT NULL,
    expires REAL NOT NULL,
    auth_time REAL NOT NULL,
    amr TEXT NOT NULL                    -- JSON array
);
CREATE INDEX IF NOT EXISTS org_sessions_user ON org_sessions (user_id);
-- owner: directory/sessions.py
CREATE TABLE IF NOT EXISTS session_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    auth_time REAL NOT NULL,
    expires REAL NOT NULL,
    amr TEXT                             -- JSON array; NULL: password only
);
-- owner: directory/sessions.py
CREATE TABLE IF NOT EXISTS authorize_requests (
    key_hash TEXT PRIMARY KEY,
    server_id TEXT NOT NULL,
    params TEXT NOT NULL,                -- JSON of the validated request
    expires REAL NOT NULL
);
-- owner: directory/tokens.py
CREATE TABLE IF NOT EXISTS authorization_codes (
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
-- owner: directory/signon.py
CREATE TABLE IF NOT EXISTS sign_in_failures (
    user_id TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    last REAL NOT NULL
);
-- owner: directory/signon.py
CREATE TABLE IF NOT EXISTS authn_transactions (
    state_hash TEXT PRIMARY KEY,         -- stateToken of a non-SUCCESS /api/v1/authn answer
    user_id TEXT NOT NULL,
    status TEXT NOT NULL,
    expires REAL NOT NULL,
    factor_id TEXT,                      -- MFA_ENROLL_ACTIVATE / MFA_CHALLENGE: which factor
    context TEXT                         -- JSON: the MFA step's amr, app, options
);
-- Columns added to a table after its first release must be nullable (or have a
-- default): Store adds them to older database files (storage/store.py).
-- Users API search (issue 4): `filter` compares profile values as stored, `search`
-- and `q` their case-folded copies in profile_key.
CREATE INDEX IF NOT EXISTS users_status_id ON users (status, id);
CREATE INDEX IF NOT EXISTS users_last_updated ON users (last_updated);
CREATE INDEX IF NOT EXISTS users_login ON users (json_extract(profile, '$.login'));
CREATE INDEX IF NOT EXISTS users_email ON users (json_extract(profile, '$.email'));
CREATE INDEX IF NOT EXISTS users_first_name ON users (json_extract(profile, '$.firstName'));
CREATE INDEX IF NOT EXISTS users_last_name ON users (json_extract(profile, '$.lastName'));
CREATE INDEX IF NOT EXISTS users_login_folded ON users (json_extract(profile_key, '$.login'));
CREATE INDEX IF NOT EXISTS users_email_folded ON users (json_extract(profile_key, '$.email'));
CREATE INDEX IF NOT EXISTS users_first_name_folded
    ON users (json_extract(profile_key, '$.firstName'));
CREATE INDEX IF NOT EXISTS users_last_name_folded
    ON users (json_extract(profile_key, '$.lastName'));
-- One-time activation and password-reset tokens (stored hashed).
-- owner: directory/lifecycle.py
CREATE TABLE IF NOT EXISTS user_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,                  -- activation | reset
    created REAL NOT NULL,
    expires REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS user_tokens_user ON user_tokens (user_id, kind);
-- owner: directory/credentials.py
CREATE TABLE IF NOT EXISTS recovery_questions (
    user_id TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    answer_hash TEXT NOT NULL
);
-- owner: directory/groups.py
CREATE TABLE IF NOT EXISTS groups (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,                  -- OKTA_GROUP | BUILT_IN
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,       -- name case-folded: unique regardless of case
    description TEXT,
    description_key TEXT,                -- description case-folded (search)
    created REAL NOT NULL,
    last_updated REAL NOT NULL,
    last_membership_updated REAL NOT NULL
);
-- owner: directory/groups.py
CREATE TABLE IF NOT EXISTS group_members (
    group_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    added REAL NOT NULL,
    PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS group_members_user ON group_members (user_id, group_id);
-- Issued tokens (issue 3): access tokens by jti, refresh tokens by hash; see tokens.py.
-- owner: directory/tokens.py
CREATE TABLE IF NOT EXISTS tokens (
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
CREATE INDEX IF NOT EXISTS tokens_grant ON tokens (grant_id);
CREATE INDEX IF NOT EXISTS tokens_expires ON tokens (expires);
-- owner: directory/tokens.py
CREATE TABLE IF NOT EXISTS spent_codes (
    code_hash TEXT PRIMARY KEY,          -- redeemed codes, remembered to detect replay
    expires REAL NOT NULL
);
-- owner: directory/tokens.py
CREATE TABLE IF NOT EXISTS client_assertions (
    key_hash TEXT PRIMARY KEY,           -- SHA-256 of client id + assertion jti (single use)
    expires REAL NOT NULL
);
-- Second factors (issue 12): one row per enrolled factor; see directory/factors.py.
-- owner: directory/factors.py
CREATE TABLE IF NOT EXISTS factors (
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
    last_updated REAL NOT NULL,
    last_verified REAL                   -- the last good code or answer (verify), if any
);
CREATE INDEX IF NOT EXISTS factors_user ON factors (user_id, created);
-- owner: directory/factors.py
CREATE TABLE IF NOT EXISTS mfa_failures (
    user_id TEXT PRIMARY KEY,            -- wrong second-factor codes in a row at sign-in
    count INTEGER NOT NULL
);
-- Policies that decide MFA (issue 12): sign-on, MFA enrollment, app access; see
-- directory/policy_spec.py for the subset enforced.
-- owner: directory/policies.py
CREATE TABLE IF NOT EXISTS policies (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,                  -- OKTA_SIGN_ON | MFA_ENROLL | ACCESS_POLICY
    status TEXT NOT NULL,                -- ACTIVE | INACTIVE
    priority INTEGER NOT NULL,
    system INTEGER NOT NULL,             -- 1 for the default policy of its type
    body TEXT NOT NULL,                  -- JSON: name, description, conditions, settings
    created REAL NOT NULL,
    last_updated REAL NOT NULL
);
-- owner: directory/policies.py
CREATE TABLE IF NOT EXISTS policy_rules (
    id TEXT PRIMARY KEY,
    policy_id TEXT NOT NULL,
    status TEXT NOT NULL,
    priority INTEGER NOT NULL,
    system INTEGER NOT NULL,
    body TEXT NOT NULL,                  -- JSON: type, name, conditions, actions
    created REAL NOT NULL,
    last_updated REAL NOT NULL
);
-- owner: directory/policies.py
CREATE TABLE IF NOT EXISTS app_policies (
    client_id TEXT PRIMARY KEY,          -- an app's authentication policy (ACCESS_POLICY)
    policy_id TEXT NOT NULL
);
-- The kit's local outbox (/_mock/outbox): mail the org "sends" is only ever stored here.
-- owner: directory/outbox.py
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT,
    created REAL NOT NULL
);
-- The System Log (GET /api/v1/logs): Okta's LogEvent JSON, in the order it was written.
-- owner: directory/system_log.py
CREATE TABLE IF NOT EXISTS log_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- persistence order: polling cursors follow it
    uuid TEXT NOT NULL UNIQUE,
    published_ms INTEGER NOT NULL,           -- `published` in epoch milliseconds (org clock)
    event_type TEXT NOT NULL,
    body TEXT NOT NULL                       -- the LogEvent, as the API returns it
);
CREATE INDEX IF NOT EXISTS log_events_published ON log_events (published_ms, seq);
-- owner: directory/event_hooks.py
CREATE TABLE IF NOT EXISTS event_hooks (
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
-- Events waiting for (or done with) delivery to a hook; any server process on the
-- same database may claim them, so the queue lives here and not in memory.
-- owner: directory/hook_deliveries.py
CREATE TABLE IF NOT EXISTS hook_deliveries (
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
CREATE INDEX IF NOT EXISTS hook_deliveries_due ON hook_deliveries (status, due);
-- The kit's own controls, shared by every worker process (mock-okta --workers N):
-- the clock offset and the notes that tell workers to drop what they hold in memory.
-- owner: org/kit_state.py
CREATE TABLE IF NOT EXISTS kit_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- Armed faults and forgeries (/_mock/faults, /_mock/forgeries): `remaining` is spent
-- with one conditional UPDATE, so "the next 3 answers" means 3 across all workers.
-- owner: org/armed.py
CREATE TABLE IF NOT EXISTS armed (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,                      -- fault | forgery
    body TEXT NOT NULL,                      -- JSON: the checked item
    remaining INTEGER NOT NULL
);
-- The recent-requests log (/_mock/requests) when several workers serve: bounded.
-- owner: org/request_entries.py
CREATE TABLE IF NOT EXISTS request_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    entry TEXT NOT NULL                      -- JSON, as /_mock/requests returns it
);
"""
