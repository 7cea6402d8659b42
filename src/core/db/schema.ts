import type { Generated } from 'kysely';

/**
 * Types for the tables Keystone reads and writes through Kysely's query builder.
 * Analytical queries are written as SQL with Kysely's `sql` tag and type their own rows.
 */
export interface Schema {
  ks_schema_migrations: {
    version: number;
    name: string;
    applied_at: Generated<string>;
  };
  ks_user: {
    user_id: Generated<number>;
    username: string;
    display_name: string;
    password_hash: string | null;
    roles: string[];
    professional_id: string | null;
    team_id: string | null;
    active: Generated<boolean>;
    created_at: Generated<string>;
    failed_attempts: Generated<number>;
    locked_until: string | null;
    totp_secret: string | null;
    totp_enabled_at: string | null;
    totp_last_step: number | null;
    oidc_subject: string | null;
    last_sign_in_at: string | null;
  };
  ks_session: {
    session_hash: string;
    user_id: number;
    csrf_token: string;
    created_at: Generated<string>;
    last_seen_at: Generated<string>;
    expires_at: string;
    second_factor_pending: Generated<boolean>;
  };
  ks_oidc_flow: {
    state: string;
    nonce: string;
    code_verifier: string;
    next_path: string;
    browser_hash: string | null;
    created_at: Generated<string>;
  };
  ks_audit_event: {
    event_id: Generated<number>;
    occurred_at: string;
    user_id: number | null;
    username: string | null;
    action: string;
    subject_type: string | null;
    subject_id: string | null;
    child_ids: string[];
    details: unknown;
    ip: string | null;
    request_id: string | null;
    prev_hash: string;
    hash: string;
    position: number | null;
  };
  ks_sign_in_failure: {
    failure_id: Generated<number>;
    username: string;
    address: string;
    failed_at: Generated<string>;
  };
  ks_access_request: {
    request_id: Generated<number>;
    user_id: number;
    proposed: unknown;
    requested_by: number;
    requested_at: Generated<string>;
    decided_by: number | null;
    decided_at: string | null;
    outcome: string | null;
  };
  ks_notification: {
    notification_id: Generated<number>;
    user_id: number;
    created_at: Generated<string>;
    message: string;
    link: string | null;
    read_at: string | null;
  };
  ks_setting: {
    setting_key: string;
    setting_value: string;
  };
  ssd_department: {
    dept_team_id: string;
    dept_team_name: string;
    dept_team_parent_id: string | null;
    dept_team_parent_name: string | null;
    dept_valid_from: string | null;
    dept_valid_to: string | null;
    dept_team_type: Generated<'service' | 'team'>;
  };
}
