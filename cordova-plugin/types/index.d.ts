// Type declarations for cordova-plugin-ota-release: window.otaRelease, present once cordova.js has loaded the plugin.

export type OtaEventType = 'updateavailable' | 'downloading' | 'staged' | 'applied' | 'refused' | 'reverted';

export interface OtaEventMap {
    updateavailable: { type: 'updateavailable'; version: string };
    /**
     * Progress of the files a release needs (those not cached): bytes 0 first, growing, totalBytes at the end;
     * at most about 20 events per release.
     */
    downloading: { type: 'downloading'; version: string; bytes: number; totalBytes: number };
    staged: { type: 'staged'; version: string };
    applied: { type: 'applied'; version: string };
    refused: { type: 'refused'; version: string; reason: string };
    reverted: { type: 'reverted'; version: string; reason: string };
}

export interface OtaCheckResult {
    /** What the check found: ota-client's UpdateResult outcome as the native plugin names it. */
    outcome: string;
    version?: string;
    reason?: string;
    /** true when the signed pointer marks the staged release urgent: native is applying it now (reload). */
    urgent?: boolean;
}

export interface OtaInfo {
    /** The bundle this launch runs. */
    current: string | null;
    /** A verified bundle staged for the next start (or applyNow()). */
    pending: string | null;
    /** The bundle shipped inside the app binary. */
    embedded: string | null;
    channel: string | null;
}

/** Rejections are Errors whose message names the call; `code` is the native plugin's, when it gave one. */
export interface OtaError extends Error {
    code?: string;
}

export interface OtaRelease {
    /** Reports that this launch's page works; without it the native side rolls back. Idempotent. */
    ready(): Promise<void>;
    check(): Promise<OtaCheckResult>;
    /** Reloads into the staged bundle; rejects if nothing is staged. */
    applyNow(): Promise<void>;
    getInfo(): Promise<OtaInfo>;
    getChannel(): Promise<string | null>;
    /** null: back to config.xml's OtaChannel. */
    setChannel(name: string | null): Promise<void>;
    /**
     * Turns telemetry off (deletes what is queued; nothing more is recorded or sent, also after a restart) or back
     * on; turning it on rejects when config.xml's OtaTelemetry is off. A non-boolean rejects with a TypeError.
     */
    setTelemetryEnabled(enabled: boolean): Promise<void>;
    on<K extends OtaEventType>(type: K, listener: (event: OtaEventMap[K]) => void): void;
    off<K extends OtaEventType>(type: K, listener: (event: OtaEventMap[K]) => void): void;
}

declare global {
    interface Window {
        otaRelease?: OtaRelease;
    }
    // eslint-disable-next-line no-var
    var otaRelease: OtaRelease | undefined;
}
