import { lazy, Suspense } from 'react';

/**
 * A step between the app's routes and the field pages: the first load's JavaScript then names one
 * small chunk for /field instead of the list of every chunk the field pages use (the budget in
 * test/browser/bundle.test.ts).
 */
const FieldRoutes = lazy(() => import('./FieldRoutes'));

export default function FieldEntry() {
  return (
    <Suspense fallback={null}>
      <FieldRoutes />
    </Suspense>
  );
}
