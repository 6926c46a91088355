/* SPDX-License-Identifier: MIT */
#ifndef GZ_TEST_TABLE_H
#define GZ_TEST_TABLE_H

/*
 * Table-driven cmocka tests: each row of a table becomes a test named by
 * the row (its first member must be `const char *name`), run by run_row
 * with the row as its state, followed by the fixed tests. Include after
 * <cmocka.h>.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static inline int gz_table_run(const char *group, const void *rows, size_t nrows, size_t row_size,
			       CMUnitTestFunction run_row, const struct CMUnitTest *fixed,
			       size_t nfixed)
{
	struct CMUnitTest *tests = calloc(nrows + nfixed, sizeof(*tests));
	size_t i;
	int rc;

	if (!tests)
		return 1;
	for (i = 0; i < nrows; i++) {
		const void *row = (const char *)rows + i * row_size;

		tests[i].name = *(const char *const *)row;
		tests[i].test_func = run_row;
		tests[i].initial_state = (void *)(uintptr_t)row;
	}
	memcpy(tests + nrows, fixed, nfixed * sizeof(*fixed));
	rc = _cmocka_run_group_tests(group, tests, nrows + nfixed, NULL, NULL);
	free(tests);
	return rc;
}

#define GZ_TABLE_RUN(group, rows, run_row, fixed)                                       \
	gz_table_run(group, rows, sizeof(rows) / sizeof(rows[0]), sizeof(rows[0]), run_row, \
		     fixed, sizeof(fixed) / sizeof(fixed[0]))

#endif
