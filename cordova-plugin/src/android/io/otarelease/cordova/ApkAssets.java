package io.otarelease.cordova;

import android.content.res.AssetManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** The files packaged in the APK's assets: the built-in {@code www/} and the trust material outside it. */
interface ApkAssets {
    InputStream open(String name) throws IOException;

    static ApkAssets of(AssetManager assets) {
        return name -> assets.open(name, AssetManager.ACCESS_STREAMING);
    }

    default byte[] read(String name) throws IOException {
        try (InputStream in = open(name)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IOException("the APK has no asset " + name + " (config.xml <resource-file target=\"app/src/"
                    + "main/assets/" + name + "\"/>): " + e.getMessage(), e);
        }
    }
}
