package com.torrust.operator.render;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.escaper.SafeString;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Renders the templates under {@code templates/} (packaged in the jar). Every template declares its
 * format with {@code {% autoescape "yaml" %}} (or compose, toml, shell, token, cron); anything printed
 * is escaped for it. Outside such a block the default refuses all but plain tokens. Numbers and
 * booleans are printed through the {@code int} and {@code bool} filters, which check the type.
 */
final class TemplateEngine {

  private final PebbleEngine engine;

  TemplateEngine() {
    ClasspathLoader loader = new ClasspathLoader(TemplateEngine.class.getClassLoader());
    loader.setPrefix("templates");
    this.engine =
        new PebbleEngine.Builder()
            .loader(loader)
            .autoEscaping(true)
            .addEscapingStrategy("yaml", Escapers::yaml)
            .addEscapingStrategy("compose", Escapers::compose)
            .addEscapingStrategy("toml", Escapers::toml)
            .addEscapingStrategy("shell", Escapers::shell)
            .addEscapingStrategy("token", Escapers::token)
            .addEscapingStrategy("cron", Escapers::cron)
            .defaultEscapingStrategy("token")
            .strictVariables(true)
            .newLineTrimming(false)
            .extension(new TypedValues())
            .build();
  }

  String render(String template, Map<String, Object> context) {
    StringWriter out = new StringWriter();
    try {
      engine.getTemplate(template).evaluate(out, context);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render " + template, e);
    }
    return out.toString();
  }

  /** {@code int} and {@code bool}: type-checked literals that need no quoting in any format. */
  private static final class TypedValues extends AbstractExtension {
    @Override
    public Map<String, Filter> getFilters() {
      return Map.of("int", new TypedFilter(Integer.class, Long.class), "bool", new TypedFilter(Boolean.class));
    }
  }

  private static final class TypedFilter implements Filter {
    private final List<Class<?>> accepted;

    TypedFilter(Class<?>... accepted) {
      this.accepted = List.of(accepted);
    }

    @Override
    public List<String> getArgumentNames() {
      return List.of();
    }

    @Override
    public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context, int line) {
      if (input == null || accepted.stream().noneMatch(c -> c.isInstance(input))) {
        throw new IllegalArgumentException(
            self.getName() + " line " + line + ": expected " + accepted + " but got " + (input == null ? "null" : input.getClass().getSimpleName()));
      }
      return new SafeString(input.toString());
    }
  }
}
