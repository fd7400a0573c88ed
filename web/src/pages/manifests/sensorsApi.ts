import type { ResponseOf } from '../../../../src/shared/contract';
import * as c from '../../../../src/modules/manifests/manifests.sensors.contract';
import { call } from '../../api/call';

export type Sensors = ResponseOf<typeof c.getSensors>;
export type Weighing = Sensors['weighings'][number];

export const sensorsApi = {
  get: (id: string) => call(c.getSensors, { params: { id } }),
};
