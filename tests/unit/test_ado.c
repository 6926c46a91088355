/* SPDX-License-Identifier: MIT */
/* ado.h: which answers from Azure DevOps mean "not authenticated" — a 401,
 * a 302 to the sign-in page, its 203, an HTML page where JSON was asked
 * for — and which are failures of the service instead (an HTML 502). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "table.h"

#include "ado.h"

static const char signin[] = "<!DOCTYPE html>\n<html><head><title>Azure DevOps Services | Sign In"
			     "</title></head><body></body></html>";
static const char json[] = "{\"authenticatedUser\":{\"id\":\"0\"}}";

struct rej_row {
	const char *name;
	long status;
	const char *ctype;
	const char *body;
	int rejection;
};

static const struct rej_row rej_rows[] = {
	{ "rejection: 401", 401, "application/json", "{\"message\":\"x\"}", 1 },
	{ "rejection: 401 without a body", 401, NULL, NULL, 1 },
	{ "rejection: 302 to the sign-in page", 302, "text/html", NULL, 1 },
	{ "rejection: 203 with the sign-in page", 203, "text/html; charset=utf-8", signin, 1 },
	{ "rejection: 203 even with a JSON type and body", 203, "application/json", json, 1 },
	{ "rejection: 203 without a body", 203, NULL, NULL, 1 },
	{ "rejection: 200 with the sign-in page as text/html", 200, "text/html; charset=utf-8", signin, 1 },
	{ "rejection: 200 with an HTML body under a JSON type", 200, "application/json", signin, 1 },
	{ "rejection: 200 with an HTML body and no type", 200, NULL, "  \r\n<html><body>", 1 },
	{ "rejection: 200 with a lower-case <!doctype", 200, NULL, "<!doctype html><html>", 1 },
	{ "not a rejection: 200 JSON", 200, "application/json; charset=utf-8", json, 0 },
	{ "not a rejection: 200 JSON with a BOM", 200, "application/json", "\xEF\xBB\xBF{}", 0 },
	{ "not a rejection: 200 without a body", 200, "application/json", NULL, 0 },
	{ "not a rejection: 204", 204, NULL, NULL, 0 },
	{ "not a rejection: 403 (a missing scope)", 403, "application/json", "{\"message\":\"x\"}", 0 },
	{ "not a rejection: 404", 404, "application/json", "{}", 0 },
	{ "not a rejection: an HTML 404", 404, "text/html", "<html>Not found</html>", 0 },
	{ "not a rejection: a gateway's HTML 502", 502, "text/html", "<html>Bad gateway</html>", 0 },
	{ "not a rejection: an HTML 503", 503, NULL, "<!DOCTYPE html>", 0 },
	{ "not a rejection: no answer at all (status 0)", 0, "text/html", signin, 0 },
	{ "not a rejection: 301", 301, "application/json", "{}", 0 },
};

static void run_rejection(void **state)
{
	const struct rej_row *r = *state;
	size_t len = r->body ? strlen(r->body) : 0;

	assert_int_equal(gz_ado_is_rejection(r->status, r->ctype, r->body, len), r->rejection);
}

static void ado__html_is_the_content_type_or_the_first_tag(void **state)
{
	(void)state;
	assert_int_equal(gz_ado_is_html("text/html", NULL, 0), 1);
	assert_int_equal(gz_ado_is_html("TEXT/HTML; charset=utf-8", "{}", 2), 1);
	assert_int_equal(gz_ado_is_html(NULL, signin, strlen(signin)), 1);
	assert_int_equal(gz_ado_is_html("application/json", "\t<HTML>", 7), 1);
	assert_int_equal(gz_ado_is_html("application/json", json, strlen(json)), 0);
	assert_int_equal(gz_ado_is_html("text/plain", "html", 4), 0);
	assert_int_equal(gz_ado_is_html(NULL, "<htm", 4), 0);
	assert_int_equal(gz_ado_is_html(NULL, "    ", 4), 0);
	assert_int_equal(gz_ado_is_html(NULL, NULL, 0), 0);
	/* only the bytes given count: "<html" past the length is not there */
	assert_int_equal(gz_ado_is_html(NULL, "<html>", 4), 0);
}

static void ado__json_is_the_content_type(void **state)
{
	(void)state;
	assert_int_equal(gz_ado_is_json("application/json"), 1);
	assert_int_equal(gz_ado_is_json("application/json; charset=utf-8; api-version=7.1"), 1);
	assert_int_equal(gz_ado_is_json("Application/JSON"), 1);
	assert_int_equal(gz_ado_is_json("text/html"), 0);
	assert_int_equal(gz_ado_is_json(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(ado__html_is_the_content_type_or_the_first_tag),
		cmocka_unit_test(ado__json_is_the_content_type),
	};

	return GZ_TABLE_RUN("ado", rej_rows, run_rejection, fixed);
}
