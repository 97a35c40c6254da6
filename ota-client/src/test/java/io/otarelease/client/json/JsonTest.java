package io.otarelease.client.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void canonicalFormSortsKeysByUtf16AndDropsWhitespace() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", 1L);
        m.put("a", List.of(true, false));
        m.put("\u00e9", "x");   // é: U+00E9
        m.put("\ud83d\ude00", "y"); // 😀: surrogates sort after U+00E9 in UTF-16
        m.put("A", null);
        assertThat(CanonicalJson.text(m)).isEqualTo("{\"A\":null,\"a\":[true,false],\"b\":1,\"\u00e9\":\"x\",\"\ud83d\ude00\":\"y\"}");
    }

    @Test
    void canonicalStringsEscapeOnlyWhatRfc8785Requires() {
        assertThat(CanonicalJson.text("q\"b\\s/\n\t\u0001\u007f\u20ac"))
                .isEqualTo("\"q\\\"b\\\\s/\\n\\t\\u0001\u007f\u20ac\"");
    }

    @Test
    void parseThenCanonicalIsStable() {
        String text = " { \"z\" : [ 1 , -2 , { \"k\" : \"v\\u00e9\" } ], \"a\": \"\\/\" } ";
        String once = CanonicalJson.text(JsonReader.parse(text));
        assertThat(CanonicalJson.text(JsonReader.parse(once))).isEqualTo(once).isEqualTo("{\"a\":\"/\",\"z\":[1,-2,{\"k\":\"v\u00e9\"}]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1,\"a\":2}", "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":01}", "[1,]", "{\"a\" 1}", "{'a':1}",
        "\"\\ud800\"", "\"\\udc00x\"", "\"a\nb\"", "{\"a\":tru}", "{} {}", "", "[", "\"\\x\"",
        "{\"a\":99999999999999999999}", "\"\\u+041\"", "\"\\u-041\"", "\"\\u 041\""})
    void malformedOrAmbiguousDocumentsAreRefused(String text) {
        assertThatThrownBy(() -> JsonReader.parse(text)).isInstanceOf(JsonException.class);
    }

    @Test
    void duplicateKeyErrorNamesTheKeyAndPosition() {
        assertThatThrownBy(() -> JsonReader.parse("{\n \"a\": 1,\n \"a\": 2}"))
                .hasMessage("duplicate key \"a\" at line 3, column 2");
    }

    @Test
    void deepNestingIsRefusedBeforeTheStackIs() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> JsonReader.parse(deep)).hasMessageContaining("nesting deeper than 32");
    }

    @Test
    void invalidUtf8IsRefusedNotReplaced() {
        byte[] bytes = {'"', (byte) 0xc3, '"'};
        assertThatThrownBy(() -> JsonReader.parse(bytes)).hasMessage("invalid UTF-8");
        assertThat(JsonReader.parse("\"\u00e9\"".getBytes(StandardCharsets.UTF_8))).isEqualTo("\u00e9");
    }

    @Test
    void fieldErrorsNameTheDocumentAndThePath() {
        JsonFields doc = JsonFields.parse("{\"files\":[{\"sha256\":\"zz\"}]}".getBytes(StandardCharsets.UTF_8),
                "manifest.json");
        assertThatThrownBy(() -> doc.objects("files").get(0).hex64("sha256"))
                .hasMessage("manifest.json: files[0].sha256 must be 64 lowercase hex characters");
        assertThatThrownBy(() -> doc.string("appId")).hasMessage("manifest.json: appId is missing");
        assertThatThrownBy(() -> JsonFields.parse("[]".getBytes(StandardCharsets.UTF_8), "x.json"))
                .hasMessage("x.json: expected a JSON object at the top level");
    }

    @Test
    void decimalsAreReadOnlyWhenAskedForAndNeverWritten() {
        byte[] doc = "{\"t\":1435781451.781,\"e\":-2.5E-3,\"n\":7,\"z\":0.0}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> JsonReader.parse(doc)).isInstanceOf(JsonException.class)
                .hasMessageContaining("only integers are allowed");
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) JsonReader.parseWithDecimals(doc);
        assertThat(m.get("t")).isEqualTo(new java.math.BigDecimal("1435781451.781"));
        assertThat(m.get("e")).isEqualTo(new java.math.BigDecimal("-2.5E-3"));
        assertThat(m.get("n")).isEqualTo(7L);
        assertThatThrownBy(() -> CanonicalJson.text(m)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.", ".5", "1.e3", "1e", "1e+", "01.5", "-.5", "1.5.2", "1e99999999999"})
    void malformedDecimalsAreRefusedEvenWhenAllowed(String text) {
        assertThatThrownBy(() -> JsonReader.parseWithDecimals(text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonException.class);
    }
}
