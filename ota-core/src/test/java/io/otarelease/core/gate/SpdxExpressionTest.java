package io.otarelease.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpdxExpressionTest {
    static final List<String> FORBIDDEN = List.of("GPL-3.0", "AGPL-3.0");

    @ParameterizedTest(name = "{0} allowed: {1}")
    @CsvSource(delimiter = '|', value = {
        "MIT                                         | true",
        "GPL-3.0                                     | false",
        "(MIT OR GPL-3.0)                            | true",
        "(MIT AND GPL-3.0)                           | false",
        "MIT AND (Apache-2.0 OR GPL-3.0)             | true",
        "MIT AND (AGPL-3.0 OR GPL-3.0)               | false",
        "GPL-3.0 OR AGPL-3.0-only                    | false",
        "MIT OR GPL-3.0 AND BSD-3-Clause             | true",
        "GPL-3.0 AND MIT OR Apache-2.0               | true",
        "GPL-3.0 AND (MIT OR Apache-2.0)             | false",
        "GPL-3.0-only                                | false",
        "GPL-3.0-or-later                            | false",
        "GPL-3.0+                                    | false",
        "gpl-3.0                                     | false",
        "LGPL-3.0                                    | true",
        "GPL-2.0-only                                | true",
        "GPL-3.0 WITH Classpath-exception-2.0        | false",
        "Apache-2.0 WITH LLVM-exception              | true",
        "((MIT))                                     | true",
        "mit or gpl-3.0                              | true",
        "LicenseRef-Proprietary                      | true",
    })
    void evaluates_expressions_with_spdx_precedence(String expression, boolean allowed) {
        assertThat(SpdxExpression.parse(expression).allowed(FORBIDDEN)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "(MIT", "MIT)", "MIT OR", "AND MIT", "MIT GPL-3.0", "MIT WITH", "Custom: see file",
        "MI+T", "(MIT OR)"})
    void refuses_what_is_not_an_expression(String text) {
        assertThatThrownBy(() -> SpdxExpression.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
