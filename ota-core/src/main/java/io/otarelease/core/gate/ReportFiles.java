package io.otarelease.core.gate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the JSON reports other tools write (npm audit, license-checker); a bad one is a usage error (exit 2). */
final class ReportFiles {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private ReportFiles() {
    }

    static JsonNode read(Path file, String what) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read " + what + " " + file + ": " + IoErrors.reason(e), e);
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new OtaException.BadInput(file + ": empty; expected " + what);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new OtaException.BadInput(file + ": not valid JSON, so not " + what + " (" + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()) + ")", e);
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read " + what + " " + file + ": " + IoErrors.reason(e), e);
        }
    }

    static OtaException.BadInput bad(Path file, String field, String problem) {
        return new OtaException.BadInput(file + ": " + field + " " + problem);
    }
}
