// Compiled by `tsc` (npm test): the declarations describe what an app writes against window.otaRelease.
import type { OtaInfo, OtaRelease } from '../types';

async function useIt(ota: OtaRelease): Promise<string | null> {
    await ota.ready();
    const checked = await ota.check();
    const info: OtaInfo = await ota.getInfo();
    await ota.setChannel(null);
    await ota.setChannel('beta');
    await ota.setTelemetryEnabled(false);
    const onStaged = (e: { type: 'staged'; version: string }) => console.log(e.version, checked.outcome);
    ota.on('staged', onStaged);
    ota.off('staged', onStaged);
    ota.on('downloading', (e) => console.log(e.bytes / e.totalBytes));
    return info.current ?? (await ota.getChannel());
}

window.otaRelease?.ready?.();
if (window.otaRelease) {
    void useIt(window.otaRelease);
}
