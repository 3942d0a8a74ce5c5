/** Who a token says the caller is. Every verifier returns this shape. */
export type AuthKind = 'static' | 'dev' | 'jwt' | 'jwks' | 'introspect' | 'ticket';

export interface Identity {
  userId: string;
  kind: AuthKind;
  /** Unix ms when the credential expires, when known (JWT `exp`, introspection `exp`). */
  expiresAt?: number;
}

/** A user id that is also safe inside a `user:<id>` channel name. */
export const USER_ID_PATTERN = /^[A-Za-z0-9_.@-]{1,64}$/;

export function isValidUserId(id: unknown): id is string {
  return typeof id === 'string' && USER_ID_PATTERN.test(id);
}
