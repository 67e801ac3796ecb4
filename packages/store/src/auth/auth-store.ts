/**
 * Accounts, tenant memberships, browser sessions and API tokens, behind the same kind of
 * dialect-neutral interface as the rest of the store. The store never sees a secret: the server
 * passes SHA-256 hashes of session ids and tokens, and encoded scrypt hashes of passwords. It also
 * holds no policy — roles are opaque strings here; what they allow is the server's business.
 */
export interface AuthStore {
  /**
   * Creates an account and its first membership in one transaction. Returns false (and writes
   * nothing) when the username is taken. The membership's tenant must exist (`ensureTenant`).
   */
  createUser(user: UserRow, membership: Omit<MembershipRow, "userId">): Promise<boolean>;
  getUser(id: string): Promise<UserRow | undefined>;
  /** The account with exactly this username. */
  findUser(username: string): Promise<UserRow | undefined>;

  /** Adds a user to another tenant; false when they already belong to it. */
  addMembership(membership: MembershipRow): Promise<boolean>;
  /** Every tenant the user belongs to, ordered by tenant id. */
  memberships(userId: string): Promise<MembershipRow[]>;
  /** The user as `tenantId` sees them; undefined when they are not a member of that tenant. */
  getMember(tenantId: string, userId: string): Promise<MemberRow | undefined>;
  /** The tenant's members, ordered by username. */
  listMembers(tenantId: string): Promise<MemberRow[]>;
  /** Everyone who reports to `userId` in `tenantId`, directly or through others (cycles are safe). */
  subordinates(tenantId: string, userId: string): Promise<string[]>;
  /**
   * Changes an account and its membership in `tenantId` in one transaction; false (and nothing
   * written) when the user is not a member. A new password hash, or disabling the account, also
   * ends all of the user's sessions in the same transaction.
   */
  updateMember(tenantId: string, userId: string, change: MemberChange): Promise<boolean>;

  createSession(session: SessionRow): Promise<void>;
  getSession(idHash: string): Promise<SessionRow | undefined>;
  /** Slides a session's expiry; false when it no longer exists. */
  touchSession(idHash: string, lastSeenAt: number, expiresAt: number): Promise<boolean>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of a user (all tenants). */
  deleteUserSessions(userId: string): Promise<void>;
  /** Removes sessions that expired at or before `now`; returns how many. */
  deleteExpiredSessions(now: number): Promise<number>;

  createToken(token: ApiTokenRow): Promise<void>;
  /** The token with this hash, revoked or not. */
  findToken(tokenHash: string): Promise<ApiTokenRow | undefined>;
  /** A user's tokens in one tenant, newest first. */
  listTokens(tenantId: string, userId: string): Promise<ApiTokenRow[]>;
  touchToken(id: string, lastUsedAt: number): Promise<void>;
  /**
   * Revokes a token the user owns in the tenant (idempotently: revoking twice keeps the first
   * time). False when there is no such token for that user and tenant.
   */
  revokeToken(tenantId: string, userId: string, id: string, at: number): Promise<boolean>;
}

/** An account. `passwordHash` is an encoded scrypt hash; never send it to a client. */
export interface UserRow {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly passwordHash: string;
  readonly createdAt: number;
  readonly disabled: boolean;
}

/** A user's place in one tenant. */
export interface MembershipRow {
  readonly tenantId: string;
  readonly userId: string;
  readonly roles: readonly string[];
  /** The region they work in (`global` for head office), if any. */
  readonly region: string | null;
  /** The user they report to, in the same tenant. */
  readonly managerId: string | null;
}

/** A user together with their membership in one tenant. */
export interface MemberRow {
  readonly user: UserRow;
  readonly membership: MembershipRow;
}

/** A change to an account and its membership; absent fields stay as they are. */
export interface MemberChange {
  readonly displayName?: string;
  readonly passwordHash?: string;
  readonly disabled?: boolean;
  readonly roles?: readonly string[];
  readonly region?: string | null;
  readonly managerId?: string | null;
}

/** A browser session. `idHash` is the SHA-256 (hex) of the cookie's value. */
export interface SessionRow {
  readonly idHash: string;
  readonly userId: string;
  readonly tenantId: string;
  readonly csrfToken: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly lastSeenAt: number;
}

/** An API token. `tokenHash` is the SHA-256 (hex) of the token, which is shown only once. */
export interface ApiTokenRow {
  readonly id: string;
  readonly tokenHash: string;
  readonly name: string;
  readonly userId: string;
  readonly tenantId: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly revokedAt: number | null;
}
