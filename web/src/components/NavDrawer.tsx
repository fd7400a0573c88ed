import { Drawer } from 'antd';
import type { Me } from '../api/types';
import { OrganisationSwitcher } from './OrganisationSwitcher';
import { SideMenu } from './SideMenu';

/** The menu as a drawer on phones (AppShell), loaded only where the screen is narrow. */
export default function NavDrawer({ me, open, onClose }: { me: Me; open: boolean; onClose: () => void }) {
  return (
    <Drawer data-testid="nav-drawer" placement="left" open={open} onClose={onClose} size={280} title={<OrganisationSwitcher me={me} />} styles={{ body: { padding: 0 } }}>
      <SideMenu me={me} collapsed={false} onNavigate={onClose} />
    </Drawer>
  );
}
