/* Shared between the files of report/: a finding with its stacks resolved
 * to names, and the steps lc_report() runs on it. */
#ifndef LC_REPORT_INTERNAL_H
#define LC_REPORT_INTERNAL_H

#include <stdbool.h>

#include "lc_finding.h"
#include "lc_runtime.h"
#include "report/report_buf.h"

#define LC_NAMED_LOCKS 8   /* locks whose variable name is looked up */
#define LC_NAMED_LABELS 16 /* stack labels renamed */

/* The finding plus every frame of every stack symbolized once, since the
 * suppressions, the text and the JSON all need the names. */
typedef struct lc_resolved {
	const lc_finding *f;
	int pid;
	uint64_t signature;        /* report_dedup.c's, written to the JSON line */
	unsigned nframes;          /* total over all stacks */
	lc_frame_info *frames;     /* stack i's frames start at frames + first[i] */
	unsigned *first;
	unsigned *depth;
	size_t alloc_frames, alloc_index; /* sizes given to lc_alloc */
	/* report_names.c: the message and labels with variables for addresses */
	const char *message;
	const char *labels[LC_NAMED_LABELS];
	unsigned nlabels, nsymbols;
	char symbols[LC_NAMED_LOCKS][96]; /* "" when the lock is named or not a global */
	char origins[LC_NAMED_LOCKS][96]; /* where an unnamed, non-global lock was made, or "" */
	char *src;                 /* symbolize=1: per frame, the helper's answer lines, or "" */
	size_t src_bytes;
	char *owned_message, *owned_labels[LC_NAMED_LABELS];
	size_t owned_message_bytes, owned_label_bytes[LC_NAMED_LABELS];
} lc_resolved;

bool lc_resolve(const lc_finding *f, lc_resolved *r);
void lc_resolved_release(lc_resolved *r);

/* report_names.c: fills message, labels and symbols (outside engine locks). */
void lc_names_resolve(lc_resolved *r);
void lc_names_release(lc_resolved *r);
const char *lc_names_symbol(const lc_resolved *r, unsigned lock); /* NULL if none */
const char *lc_names_label(const lc_resolved *r, unsigned stack);
const char *lc_names_origin(const lc_resolved *r, unsigned lock); /* NULL if none */
/* "function+0xOFF" of where a lock was created; false when unknown. */
bool lc_origin_name(const void *lock, char *out, size_t cap);

/* report_graph.c: dump_graph=1, at exit. */
void lc_report_write_graph(int fd);

/* report_symbolizer.c: symbolize=1, the helper process's file:line. */
#define LC_SRC_LEN 512
void lc_symbolizer_run(lc_resolved *r);
void lc_symbolizer_release(lc_resolved *r);

/* report_skip.c: wrapper frames (lc_skip_frame is in lc_finding.h). */
unsigned lc_skip_leading(const lc_stack *st); /* leading frames to leave out */

/* report_dedup.c: true the first time this finding's signature is seen
 * (counted either way); *sig is the signature.  At exit, one "counts" line
 * per signature that happened more than once. */
bool lc_dedup_first(const lc_finding *f, uint64_t *sig);
unsigned long lc_dedup_repeats(void);
void lc_dedup_write_counts(int fd);
void lc_dedup_fork_child(void);

/* report_suppress.c: loads lc_opt.suppressions on first use. */
bool lc_suppressed(const lc_resolved *r);
void lc_suppress_fork_child(void);

/* report_text.c and report_json.c */
void lc_format_text(const lc_resolved *r, lc_buf *b);
void lc_format_json(const lc_resolved *r, lc_buf *b);

/* report_sink.c: where reports go.  -1 when there is no report file. */
int lc_sink_log_fd(void);
int lc_sink_report_fd(void);
/* The path actually written (report_path, or report_path.PID). */
const char *lc_sink_report_name(void);
/* Text to the log; if the log cannot be written, said once on stderr and
 * stderr from then on. */
void lc_sink_write_text(const char *data, size_t len);
/* One JSON line to the report file, whole or not at all; a line that
 * cannot be written is counted (lc_sink_lost) and the trouble said once. */
void lc_sink_write_report(const char *data, size_t len);
unsigned long lc_sink_lost(void);
/* The report file as written, else as given (for messages). */
const char *lc_sink_report_target(void);
void lc_sink_fork_child(void);

/* Line to the log, for the library's own messages (bad suppressions...). */
void lc_log_line(const char *a, const char *b, const char *c);

#endif
