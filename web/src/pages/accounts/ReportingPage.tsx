import { useSession } from '../../session/session';
import { FirmReporting } from './FirmReporting';
import { OfficeReporting } from './OfficeReporting';

/** Direct reporting (数据直报): firms fill their reports, the statistics office reviews them. */
export default function ReportingPage() {
  const { me } = useSession();
  const type = me?.actingAs.organisationType;
  return type === 'statistics-office' || type === 'platform-admin' ? <OfficeReporting /> : <FirmReporting />;
}
