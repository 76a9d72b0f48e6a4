/**
 * @module Session context
 * The signed-in session for every component below the app: who is signed in, their role and
 * department, and what the role may do (`can`, from the server's own table of roles).
 */
import { createContext, useContext } from 'react';
import { can, type Permission } from '../features/auth/roles.ts';
import type { Session } from './auth-api.ts';

export interface SessionState {
  session: Session;
  /** Whether the signed-in role has `permission` (src/features/auth/roles.ts). */
  may: (permission: Permission) => boolean;
  signOut: () => void;
}

export const SessionContext = createContext<SessionState | null>(null);

/** The signed-in session; only used below the provider that the signed-in app is rendered in. */
export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession: no signed-in session above this component');
  return state;
}

/** The context value for a session. */
export function sessionState(session: Session, signOut: () => void): SessionState {
  return { session, may: (permission) => can(session.role, permission), signOut };
}
