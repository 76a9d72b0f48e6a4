/**
 * @module Root
 * Sign-in first: the app is shown only to a signed-in session, the sign-in screen otherwise. Any 401
 * from the API while signed in (the session ended or expired) returns to the sign-in screen with
 * 「ログインの有効期限が切れました」; signing out does too, without it.
 */
import { useEffect, useMemo, useState } from 'react';
import { App } from './App.tsx';
import { fetchSession, type Session, signOut } from './auth-api.ts';
import { setCsrfToken, setUnauthorizedHandler } from './http.ts';
import { ErrorNotice, Loading } from './Notice.tsx';
import { type SignInReason, SignInScreen } from './SignInScreen.tsx';
import { SessionContext, sessionState } from './session-context.ts';

type Gate =
  | { status: 'checking' }
  | { status: 'unreachable'; message: string }
  | { status: 'signed-out'; reason: SignInReason }
  | { status: 'signed-in'; session: Session };

export function Root() {
  const [gate, setGate] = useState<Gate>({ status: 'checking' });
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` asks for a new check
  useEffect(() => {
    const controller = new AbortController();
    fetchSession(controller.signal).then(
      (view) => {
        if (controller.signal.aborted) return;
        setGate(
          view.signedIn ? { status: 'signed-in', session: view } : { status: 'signed-out', reason: null },
        );
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setGate({ status: 'unreachable', message: (error as Error).message });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setGate((current) =>
        current.status === 'signed-in' ? { status: 'signed-out', reason: 'expired' } : current,
      );
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  const session = gate.status === 'signed-in' ? gate.session : null;
  const state = useMemo(
    () =>
      session &&
      sessionState(session, () => {
        // The sign-in screen once the server has ended the session; if it cannot be reached, the
        // token is forgotten here anyway and the session expires on its own.
        void signOut()
          .catch(() => {})
          .then(() => setGate({ status: 'signed-out', reason: 'signed-out' }));
      }),
    [session],
  );

  if (gate.status === 'checking') {
    return (
      <main id="main" className="main-only" tabIndex={-1}>
        <Loading />
      </main>
    );
  }
  if (gate.status === 'unreachable') {
    return (
      <main id="main" className="main-only" tabIndex={-1}>
        <ErrorNotice message={gate.message} onRetry={() => setAttempt((n) => n + 1)} />
      </main>
    );
  }
  if (!state) {
    return (
      <SignInScreen
        reason={gate.status === 'signed-out' ? gate.reason : null}
        onSignedIn={(signedIn) => setGate({ status: 'signed-in', session: signedIn })}
      />
    );
  }
  return (
    <SessionContext.Provider value={state}>
      <App />
    </SessionContext.Provider>
  );
}
