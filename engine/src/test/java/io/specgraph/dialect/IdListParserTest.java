package io.specgraph.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The id-list splitter: the shapes of compat/README.md and issue 5, and the rule's edges. */
class IdListParserTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> [{1}]")
    @CsvSource(delimiter = '|', textBlock = """
            # input                      | ids, space-separated
            T004, T010                   | T004 T010
            1-B,1-I                      | 1-B 1-I
            none                         |
            None                         |
            N/A                          |
            ''                           |
            -                            |
            '  '                         |
            ()                           |
            [none]                       |
            T1; T2                       | T1 T2
            (T1 T2)                      | T1 T2
            [T1, T2]                     | T1 T2
            {T1;T2}                      | T1 T2
            T1 and T2                    | T1 T2
            T1 & T2                      | T1 T2
            T1, T2 AND T3                | T1 T2 T3
            "T1", "T2"                   | T1 T2
            T1, T1, T2                   | T1 T2
            T1,,T2,                      | T1 T2
            '  T1  '                     | T1
            ex:Task_1, spec:T2           | ex:Task_1 spec:T2
            1.2, 1.10                    | 1.2 1.10
            https://ex.org/a#T1          | https://ex.org/a#T1
            Tâche_1, 任务2               | Tâche_1 任务2
            """)
    void splits(String input, String ids) {
        List<String> expected = ids == null ? List.of() : Arrays.asList(ids.split(" "));
        assertThat(IdList.split(input).orElseThrow()).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            T1?                          | 'T1?' is not an id
            T1, (T2                      | '(T2' is not an id
            T3*                          | 'T3*' is not an id
            T1, none                     | 'none' inside a list
            T1 + T2                      | '+' is not an id
            see above!                   | 'above!' is not an id
            """)
    void refuses(String input, String reason) {
        Parsed<List<String>> parsed = IdList.split(input);
        assertThat(parsed).isInstanceOf(Parsed.Refused.class);
        assertThat(((Parsed.Refused<List<String>>) parsed).reason()).contains(reason);
    }

    @Test
    void nullIsAnEmptyList() {
        assertThat(IdList.split(null).orElseThrow()).isEmpty();
    }
}
