import { Menu, type MenuProps } from 'antd';
import { createElement, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router-dom';
import type { Me } from '../api/types';
import { menuEntryOf, navFor, type NavEntry } from '../nav';

type Item = Required<MenuProps>['items'][number];

/** A menu entry is a real link: it opens in a new tab, and its URL can be copied. */
const linkItem = (e: NavEntry, label: string): Item => ({ key: e.key, icon: createElement(e.icon), label: <Link to={e.path}>{label}</Link> });

/**
 * The navigation by task: Home, then collapsible groups (the viewer's main work first). Every
 * group starts open so each page is one click away; a reader closes what it does not use.
 */
export function SideMenu({ me, collapsed, onNavigate }: { me: Me; collapsed: boolean; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const location = useLocation();
  const menu = navFor(me);
  const [openKeys, setOpenKeys] = useState<string[]>(() => menu.groups.map((g) => g.group.key));
  const selected = menuEntryOf(location.pathname);
  const items: Item[] = [
    ...(menu.home ? [linkItem(menu.home, t(menu.home.labelKey))] : []),
    ...menu.groups.map(
      ({ group, entries }): Item => ({
        key: group.key,
        icon: createElement(group.icon),
        label: t(group.labelKey),
        children: entries.map((e) => linkItem(e, t(e.labelKey))),
      }),
    ),
  ];
  return (
    <Menu
      data-testid="side-menu"
      mode="inline"
      inlineCollapsed={collapsed}
      selectedKeys={selected ? [selected.key] : []}
      // When collapsed to icons, groups open as pop-ups on hover instead.
      {...(collapsed ? {} : { openKeys, onOpenChange: setOpenKeys })}
      items={items}
      onClick={() => onNavigate?.()}
      style={{ borderInlineEnd: 'none' }}
    />
  );
}
