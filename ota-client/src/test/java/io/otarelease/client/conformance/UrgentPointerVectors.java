package io.otarelease.client.conformance;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.signature.TrustedKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code conformance/pointer-urgent.json}: the optional signed {@code current.urgent} of a channel pointer
 * (absent means false; a value that is not a boolean is refused). Its own keys, so it can be regenerated alone:
 * <pre>
 * java -cp ota-client/target/classes:ota-client/target/test-classes \
 *     io.otarelease.client.conformance.UrgentPointerVectors conformance
 * </pre>
 */
public final class UrgentPointerVectors {
    static final String FILE = "pointer-urgent.json";
    private static final String NOW = "2026-03-30T00:00:00Z";

    private UrgentPointerVectors() {
    }

    public static void main(String[] args) throws Exception {
        GenerateVectors.write(Path.of(args.length > 0 ? args[0] : "conformance").resolve(FILE), cases());
    }

    static Map<String, Object> cases() {
        GenerateVectors.Key channel = GenerateVectors.ec("channel-ec");
        ChannelPointer.Current current = new ChannelPointer.Current("1.2.0", GenerateVectors.H, null, 100,
                "salt-0001");
        ChannelPointer plain = pointer(current);
        ChannelPointer urgent = pointer(current.withUrgent(true));
        Map<String, Object> ctx = GenerateVectors.context(GenerateVectors.APP, "production", 6, NOW);
        List<Object> cases = new ArrayList<>();
        cases.add(accepted(channel, "urgent-true", "current.urgent is true", urgent.toCanonicalBytes(), true, ctx));
        cases.add(accepted(channel, "urgent-absent", "no current.urgent: not urgent", plain.toCanonicalBytes(), false,
                ctx));
        cases.add(accepted(channel, "urgent-false", "current.urgent written as false (writers omit it)",
                GenerateVectors.canon(withUrgent(plain, false)), false, ctx));
        byte[] text = GenerateVectors.canon(withUrgent(plain, "true"));
        cases.add(GenerateVectors.pointerCase(GenerateVectors.refuse("urgent-string", "current.urgent is the string "
                + "\"true\", validly signed", text, channel.envelope(text), "MALFORMED"), ctx));
        byte[] number = GenerateVectors.canon(withUrgent(plain, 1L));
        cases.add(GenerateVectors.pointerCase(GenerateVectors.refuse("urgent-number", "current.urgent is 1, validly "
                + "signed", number, channel.envelope(number), "MALFORMED"), ctx));
        byte[] nul = GenerateVectors.canon(withUrgent(plain, null));
        cases.add(GenerateVectors.pointerCase(GenerateVectors.refuse("urgent-null", "current.urgent is null, validly "
                + "signed", nul, channel.envelope(nul), "MALFORMED"), ctx));
        byte[] added = urgent.toCanonicalBytes();
        cases.add(GenerateVectors.pointerCase(GenerateVectors.refuse("urgent-added", "urgent set to true after "
                + "signing (a CDN cannot make a release urgent)", added, channel.envelope(plain.toCanonicalBytes()),
                "BAD_SIGNATURE"), ctx));
        return GenerateVectors.file("pointer-urgent", "ChannelVerifier.verify with the case's context, as for "
                + "pointers.json; result.urgent is current.urgent (false when absent)",
                new TrustedKeys(List.of(channel.trusted())), cases);
    }

    private static ChannelPointer pointer(ChannelPointer.Current current) {
        return new ChannelPointer(GenerateVectors.APP, "production", 7, GenerateVectors.T0,
                GenerateVectors.T0.plusSeconds(7 * 86400), current, null);
    }

    private static Map<String, Object> withUrgent(ChannelPointer p, Object value) {
        Map<String, Object> doc = p.toJson();
        @SuppressWarnings("unchecked")
        Map<String, Object> cur = new LinkedHashMap<>((Map<String, Object>) doc.get("current"));
        cur.put("urgent", value);
        doc.put("current", cur);
        return doc;
    }

    private static Map<String, Object> accepted(GenerateVectors.Key key, String id, String description, byte[] doc,
                                                boolean urgent, Map<String, Object> ctx) {
        return GenerateVectors.pointerCase(GenerateVectors.accept(id, description, doc, key.envelope(doc),
                Map.of("sequence", 7L, "currentVersion", "1.2.0", "urgent", urgent)), ctx);
    }
}
