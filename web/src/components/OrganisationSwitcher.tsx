import { lazy, Suspense } from 'react';
import type { Me } from '../api/types';
import { useLocalName } from '../i18n/labels';
import { OrganisationTypeTag } from './OrganisationTypeTag';

// Ant Design's Select is not part of the first load: the name shows at once, the picker a moment later.
const OrganisationSelect = lazy(() => import('./OrganisationSelect'));

/** Shows whom the user acts for; a picker only when the user belongs to several organisations. */
export function OrganisationSwitcher({ me }: { me: Me }) {
  const localName = useLocalName();
  const { actingAs, memberships } = me;
  const name = <strong>{localName({ nameZh: actingAs.organisationNameZh, nameEn: actingAs.organisationNameEn })}</strong>;
  const typeTag = <OrganisationTypeTag type={actingAs.organisationType} />;
  if (memberships.length < 2) {
    return (
      <span data-testid="acting-organisation">
        {name} {typeTag}
      </span>
    );
  }
  return (
    <span data-testid="acting-organisation">
      <Suspense fallback={name}>
        <OrganisationSelect me={me} />
      </Suspense>{' '}
      {typeTag}
    </span>
  );
}
