/*
 * The scripted SSH endpoint of scripts/bench.sh (item 3), as sshd's ForceCommand: answers a check with
 * one recorded observation of the real converged host, the boundary nonce swapped for the one the check
 * sent and the owner marker's line naming the resource of the address asked (10.220.A.B is resource
 * 250 A + B - 1). A claim of the owner marker is answered "owner" with the resource that asks. Anything
 * else exits 97, so a reconcile that needs more than a look fails instead of looking fast.
 *
 * One program, no shell pipeline: the endpoint stands in for N hosts sharing this machine's cores with
 * the operator, and what it costs per check is the benchmark's noise, not the operator's figure.
 *
 *   scripted_endpoint OBSERVATION RECORDED_NONCE RECORDED_OWNER
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *slurp(FILE *in, size_t *length) {
  size_t size = 1 << 16, used = 0;
  char *buffer = malloc(size + 1);
  size_t got;
  while (buffer && (got = fread(buffer + used, 1, size - used, in)) > 0) {
    used += got;
    if (used == size) {
      if (size >= (64u << 20)) {
        break;
      }
      size *= 2;
      buffer = realloc(buffer, size + 1);
    }
  }
  if (!buffer) {
    exit(98);
  }
  buffer[used] = 0;
  *length = used;
  return buffer;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: scripted_endpoint OBSERVATION RECORDED_NONCE RECORDED_OWNER\n");
    return 2;
  }
  size_t length;
  char *script = slurp(stdin, &length);

  /* A claim (HostClaim.script with claim = true): printf '%s\n' 'OWNER' > "$t" */
  if (strstr(script, ".owner.XXXXXX")) {
    const char *start = strstr(script, "printf '%s\\n' '");
    if (!start) {
      return 97;
    }
    start += strlen("printf '%s\\n' '");
    const char *end = strchr(start, '\'');
    if (!end) {
      return 97;
    }
    printf("owner %.*s\n", (int) (end - start), start);
    return 0;
  }

  const char *mark = "b='==tracker-operator-";
  const char *at = strstr(script, mark);
  if (!at) {
    fprintf(stderr, "scripted endpoint: only checks are answered\n");
    return 97;
  }
  at += strlen(mark);
  const char *nonce_end = strstr(at, "==");
  if (!nonce_end) {
    return 97;
  }
  int nonce_length = (int) (nonce_end - at);

  /* SSH_CONNECTION: client address, client port, server address, server port. */
  int a = 0, b = 0;
  const char *connection = getenv("SSH_CONNECTION");
  if (!connection || sscanf(connection, "%*s %*s 10.220.%d.%d", &a, &b) != 2) {
    fprintf(stderr, "scripted endpoint: not an address of the benchmark\n");
    return 97;
  }
  char owner_line[128];
  snprintf(owner_line, sizeof owner_line, "owner scale-%d/tracker\n", a * 250 + b - 1);

  FILE *file = fopen(argv[1], "r");
  if (!file) {
    return 98;
  }
  size_t recorded_length;
  char *recorded = slurp(file, &recorded_length);
  fclose(file);

  char recorded_boundary[128], boundary[128], recorded_owner[600];
  snprintf(recorded_boundary, sizeof recorded_boundary, "==tracker-operator-%s==", argv[2]);
  snprintf(boundary, sizeof boundary, "==tracker-operator-%.*s==", nonce_length, at);
  snprintf(recorded_owner, sizeof recorded_owner, "\nowner %s\n", argv[3]);
  size_t rb = strlen(recorded_boundary), ro = strlen(recorded_owner);

  const char *p = recorded, *end = recorded + recorded_length;
  while (p < end) {
    const char *next_boundary = strstr(p, recorded_boundary);
    const char *next_owner = strstr(p, recorded_owner);
    const char *next = next_boundary;
    if (next_owner && (!next || next_owner < next)) {
      next = next_owner;
    }
    if (!next) {
      fwrite(p, 1, end - p, stdout);
      break;
    }
    fwrite(p, 1, next - p, stdout);
    if (next == next_boundary) {
      fputs(boundary, stdout);
      p = next + rb;
    } else {
      fputc('\n', stdout);
      fputs(owner_line, stdout);
      p = next + ro;
    }
  }
  return fflush(stdout) == 0 ? 0 : 1;
}
