package com.torrust.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalTest {

  @Test
  void controlCharactersFromAHostAreShownNeverObeyed() {
    StringWriter screen = new StringWriter();
    PrintWriter out = Terminal.safe(new PrintWriter(screen, true));

    out.println("Debian\u001b]0;owned\u0007 \u001b[2J\rfake\u009b31m \u202eevil\ttab");
    out.print('\u0008');

    assertThat(screen.toString()).isEqualTo("Debian?]0;owned? ?[2J?fake?31m ?evil\ttab" + System.lineSeparator() + "?");
  }
}
