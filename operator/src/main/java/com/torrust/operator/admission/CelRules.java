package com.torrust.operator.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CRD's {@code x-kubernetes-validations} rules, evaluated with Google's CEL implementation the way
 * the API server evaluates them: at every place in the object where the annotated field is present,
 * with {@code self} bound to its value, regular expressions matching anywhere in the string.
 */
final class CelRules {

  private static final CelOptions OPTIONS = CelOptions.current().enableRegexPartialMatch(true).build();
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(OPTIONS)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

  private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

  /** Compiles every rule and message expression in the schema; a rule that does not compile is a build bug. */
  void compileAll(JsonNode schema) {
    if (schema.isObject()) {
      for (JsonNode rule : schema.path("x-kubernetes-validations")) {
        program(rule.path("rule").asText());
        if (rule.hasNonNull("messageExpression")) {
          program(rule.path("messageExpression").asText());
        }
      }
      schema.forEach(this::compileAll);
    } else if (schema.isArray()) {
      schema.forEach(this::compileAll);
    }
  }

  List<Violation> check(JsonNode schema, JsonNode value, String path) {
    List<Violation> out = new ArrayList<>();
    walk(schema, value, path, out);
    return out;
  }

  private void walk(JsonNode schema, JsonNode value, String path, List<Violation> out) {
    if (value == null || value.isNull()) {
      return;
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      for (Iterator<Map.Entry<String, JsonNode>> it = properties.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> property = it.next();
        walk(property.getValue(), value.get(property.getKey()), FieldPath.child(path, property.getKey()), out);
      }
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        walk(schema.get("items"), value.get(i), FieldPath.element(path, i), out);
      }
    }
    // Rules of a node run after those of its children, as the API server lists them.
    JsonNode rules = schema.path("x-kubernetes-validations");
    if (rules.isEmpty()) {
      return;
    }
    Object self = toCel(value);
    for (JsonNode rule : rules) {
      evaluate(rule, self, path).ifPresent(out::add);
    }
  }

  private java.util.Optional<Violation> evaluate(JsonNode rule, Object self, String path) {
    String field = path + rule.path("fieldPath").asText("");
    Object result;
    try {
      result = program(rule.path("rule").asText()).eval(Map.of("self", self));
    } catch (CelEvaluationException e) {
      return java.util.Optional.of(new Violation(field, "could not be checked: " + e.getMessage()));
    }
    if (Boolean.TRUE.equals(result)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Violation(field, message(rule, self)));
  }

  private String message(JsonNode rule, Object self) {
    if (rule.hasNonNull("messageExpression")) {
      try {
        Object text = program(rule.path("messageExpression").asText()).eval(Map.of("self", self));
        if (text instanceof String s && !s.isBlank()) {
          return s;
        }
      } catch (CelEvaluationException e) {
        // Fall back to the static message, as the API server does.
      }
    }
    return rule.hasNonNull("message") ? rule.get("message").asText() : "failed rule: " + rule.path("rule").asText();
  }

  private CelRuntime.Program program(String expression) {
    return programs.computeIfAbsent(
        expression,
        e -> {
          try {
            CelAbstractSyntaxTree ast = COMPILER.compile(e).getAst();
            return RUNTIME.createProgram(ast);
          } catch (CelValidationException | CelEvaluationException ex) {
            throw new IllegalStateException("CEL rule in the CRD does not compile: " + e + ": " + ex.getMessage(), ex);
          }
        });
  }

  /** JSON to CEL values: integers are int64, objects are maps, arrays are lists. */
  static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().forEach(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(e -> list.add(toCel(e)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.asText();
  }
}
