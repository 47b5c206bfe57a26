/* Shared between the files of report/: a finding with its stacks resolved
 * to names, and the steps lc_report() runs on it. */
#ifndef LC_REPORT_INTERNAL_H
#define LC_REPORT_INTERNAL_H

#include <stdbool.h>

#include "lc_finding.h"
#include "lc_runtime.h"
#include "report/report_buf.h"

/* The finding plus every frame of every stack symbolized once, since the
 * suppressions, the text and the JSON all need the names. */
typedef struct lc_resolved {
	const lc_finding *f;
	int pid;
	unsigned nframes;          /* total over all stacks */
	lc_frame_info *frames;     /* stack i's frames start at frames + first[i] */
	unsigned *first;
	unsigned *depth;
	size_t alloc_frames, alloc_index; /* sizes given to lc_alloc */
} lc_resolved;

bool lc_resolve(const lc_finding *f, lc_resolved *r);
void lc_resolved_release(lc_resolved *r);

/* report_dedup.c: true the first time this finding's key is seen. */
bool lc_dedup_first(const lc_finding *f);
unsigned long lc_dedup_repeats(void);

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
void lc_sink_fork_child(void);

/* Line to the log, for the library's own messages (bad suppressions...). */
void lc_log_line(const char *a, const char *b, const char *c);

#endif
