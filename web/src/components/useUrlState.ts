import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { NavigationType, useLocation, useNavigationType, useSearchParams } from 'react-router-dom';
import { readUrlState, type UrlSchema, type UrlValues, writeUrlState } from './urlState';

export { param } from './urlState';

/**
 * A page's filters and tabs, kept in the URL's search parameters (see `urlState.ts`). Changes
 * add a history entry, so back and forward step through views; `replace` (typing in a search
 * box) changes the current entry instead. Declare the schema outside the component so it is the
 * same object on every render.
 */
export function useUrlState<S extends UrlSchema>(schema: S): [UrlValues<S>, (patch: Partial<UrlValues<S>>, options?: { replace?: boolean }) => void] {
  const [search, setSearch] = useSearchParams();
  const values = useMemo(() => readUrlState(schema, search), [schema, search]);
  const update = useCallback(
    (patch: Partial<UrlValues<S>>, options: { replace?: boolean } = {}) =>
      // The functional form reads the latest URL, so two updates in one event both apply.
      setSearch((current) => writeUrlState(schema, current, patch), { replace: options.replace ?? false }),
    [schema, setSearch],
  );
  return [values, update];
}

/**
 * Runs `effect` when the view comes from the history rather than from the page itself (back,
 * forward, an opened or reloaded link): for an uncontrolled form that must show the URL's view.
 */
export function useOnHistoryNavigation(effect: () => void): void {
  const navigationType = useNavigationType();
  const { key } = useLocation();
  const latest = useRef(effect);
  latest.current = effect;
  useEffect(() => {
    if (navigationType === NavigationType.Pop) latest.current();
  }, [key, navigationType]);
}

/**
 * A text box whose text goes to the URL: the box keeps its own state, so keystrokes never wait
 * for the router (its updates run as transitions, which a controlled input must not), and takes
 * the URL's text again when the view comes from the history.
 */
export function useUrlText(urlValue: string, write: (text: string) => void): [string, (text: string) => void] {
  const [text, setText] = useState(urlValue);
  useOnHistoryNavigation(() => setText(urlValue));
  const change = useCallback(
    (next: string) => {
      setText(next);
      write(next);
    },
    [write],
  );
  return [text, change];
}
