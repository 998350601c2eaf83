import { admit, tenantOf } from '../../src/bot/gate';

/**
 * The channel and tenant gate, tested as a function: in authenticated mode every activity must carry a valid
 * Bot Framework token, which cannot be made offline, so a `webchat` activity cannot be injected into the
 * running bot in that mode (test/http/auth.test.ts shows unsigned ones get 401). hostileInput.test.ts runs
 * the tenant check through the real bot in local mode.
 */
const OURS = '0f0f0f0f-1111-4222-8333-444444444444';
const THEIRS = 'eeeeeeee-0000-4000-8000-000000000000';

const activity = (channelId: string, tenant?: string) => ({
  channelId,
  conversation: { id: 'c', isGroup: false, conversationType: 'personal', name: '' },
  ...(tenant ? { channelData: { tenant: { id: tenant } } } : {}),
});

describe('in authenticated mode', () => {
  const policy = { mode: 'authenticated' as const, allowedTenants: [OURS] };

  it.each(['webchat', 'directline', 'emulator', 'MSTEAMS'])(
    'a %s activity is turned away with a polite line',
    (channel) => {
      expect(admit(activity(channel, OURS), policy)).toEqual({
        admitted: false,
        why: 'channel',
        detail: channel,
      });
    },
  );

  it('a Teams activity from the allowed tenant is admitted', () => {
    expect(admit(activity('msteams', OURS), policy)).toEqual({ admitted: true });
  });

  it('a Teams activity from another tenant, or none, is not', () => {
    expect(admit(activity('msteams', THEIRS), policy)).toMatchObject({ admitted: false, why: 'tenant' });
    expect(admit(activity('msteams'), policy)).toMatchObject({
      admitted: false,
      why: 'tenant',
      detail: 'none',
    });
  });
});

describe('in local mode', () => {
  it('any channel is admitted (the Playground and tests), and no tenant is checked without a list', () => {
    expect(admit(activity('webchat'), { mode: 'local', allowedTenants: [] })).toEqual({ admitted: true });
  });

  it('the tenant is still checked when ALLOWED_TENANTS is set', () => {
    const policy = { mode: 'local' as const, allowedTenants: [OURS] };
    expect(admit(activity('msteams', THEIRS), policy)).toMatchObject({ admitted: false, why: 'tenant' });
  });
});

describe('tenantOf', () => {
  it('reads channelData.tenant.id first, then conversation.tenantId, lower-cased', () => {
    expect(tenantOf({ channelData: { tenant: { id: OURS.toUpperCase() } } })).toBe(OURS);
    expect(tenantOf({ conversation: { id: 'c', tenantId: OURS } } as never)).toBe(OURS);
    expect(tenantOf({ channelData: { tenant: { id: { $ne: 1 } } } })).toBeUndefined();
  });
});
