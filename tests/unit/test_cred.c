/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cred.h"
#include "err.h"

static int parse(struct gz_cred *c, const char *s)
{
	return gz_cred_parse(c, s, strlen(s));
}

static void cred__reads_a_plain_request(void **state)
{
	struct gz_cred c = GZ_CRED_INIT;

	(void)state;
	assert_int_equal(parse(&c, "protocol=https\nhost=dev.azure.com\npath=contoso/p/_git/r\n"
				   "username=u\npassword=secret\n"),
			 0);
	assert_string_equal(c.protocol, "https");
	assert_string_equal(c.host, "dev.azure.com");
	assert_string_equal(c.path, "contoso/p/_git/r");
	assert_string_equal(c.username, "u");
	assert_string_equal(c.password, "secret");
	gz_cred_release(&c);
}

static void cred__last_line_may_lack_its_newline(void **state)
{
	struct gz_cred c = GZ_CRED_INIT;

	(void)state;
	assert_int_equal(parse(&c, "protocol=https\nhost=dev.azure.com"), 0);
	assert_string_equal(c.host, "dev.azure.com");
	gz_cred_release(&c);
}

static void cred__crlf_is_tolerated(void **state)
{
	struct gz_cred c = GZ_CRED_INIT;

	(void)state;
	assert_int_equal(parse(&c, "protocol=https\r\nhost=dev.azure.com\r\n"), 0);
	assert_string_equal(c.host, "dev.azure.com");
	gz_cred_release(&c);
}

static void cred__blank_line_ends_the_request(void **state)
{
	struct gz_cred c = GZ_CRED_INIT;

	(void)state;
	assert_int_equal(parse(&c, "protocol=https\nhost=dev.azure.com\n\nhost=evil\n"), 0);
	assert_string_equal(c.host, "dev.azure.com");
	gz_cred_release(&c);
}

static void cred__unknown_and_array_keys_are_ignored(void **state)
{
	struct gz_cred c = GZ_CRED_INIT;

	(void)state;
	assert_int_equal(parse(&c, "capability[]=authtype\ncapability[]=state\nprotocol=https\n"
				   "wwwauth[]=Basic realm=x\nfuture_key=1\nhost=dev.azure.com\n"),
			 0);
	assert_string_equal(c.host, "dev.azure.com");
	gz_cred_release(&c);
}

static void cred__ephemeral_is_read(void **state)
{
	struct gz_cred c = GZ_CRED_INIT;

	(void)state;
	assert_int_equal(parse(&c, "protocol=https\nhost=dev.azure.com\nephemeral=1\n"), 0);
	assert_int_equal(c.ephemeral, 1);
	gz_cred_release(&c);
}

static void expect_invalid(const char *s, size_t len)
{
	struct gz_cred c = GZ_CRED_INIT;

	assert_int_equal(gz_cred_parse(&c, s, len), GZ_EINVALID);
	assert_null(c.host);
	assert_null(c.password);
}

#define INVALID(s) expect_invalid(s, sizeof(s) - 1)

static void cred__repeated_host_is_invalid(void **state)
{
	(void)state;
	INVALID("protocol=https\nhost=evil.example\nhost=dev.azure.com\n");
}

static void cred__repeated_password_is_invalid(void **state)
{
	(void)state;
	INVALID("protocol=https\nhost=dev.azure.com\npassword=a\npassword=b\n");
}

static void cred__lone_cr_is_invalid(void **state)
{
	(void)state;
	INVALID("protocol=https\nhost=evil.example\rhost=dev.azure.com\n");
	INVALID("protocol=https\nhost=dev.azure.com\npath=a\r\r\n");
	INVALID("protocol=https\nhost=dev.azure.com\r");
}

static void cred__nul_in_a_value_is_invalid(void **state)
{
	(void)state;
	INVALID("protocol=https\nhost=dev.azure.com\0evil\n");
}

static void cred__control_byte_in_a_value_is_invalid(void **state)
{
	(void)state;
	INVALID("protocol=https\nhost=dev.azure.com\npath=a\x1b[31m\n");
	INVALID("protocol=https\nhost=dev.azure.com\npath=a\x7f\n");
}

static void cred__url_key_is_invalid(void **state)
{
	(void)state;
	INVALID("url=https://dev.azure.com/contoso\nprotocol=https\nhost=dev.azure.com\n");
}

static void cred__missing_or_empty_protocol_or_host_is_invalid(void **state)
{
	(void)state;
	INVALID("");
	INVALID("\n");
	INVALID("protocol=https\n");
	INVALID("protocol=https\nhost=\n");
	INVALID("protocol=\nhost=dev.azure.com\n");
	INVALID("host=dev.azure.com\n");
}

static void cred__line_without_equals_is_invalid(void **state)
{
	(void)state;
	INVALID("protocol=https\nhost=dev.azure.com\ngarbage\n");
}

static void cred__line_over_the_limit_is_invalid(void **state)
{
	size_t n = GZ_CRED_LINE_MAX + 100;
	char *s = malloc(n + 64);
	size_t len;

	(void)state;
	strcpy(s, "protocol=https\nwwwauth[]=");
	len = strlen(s);
	memset(s + len, 'A', GZ_CRED_LINE_MAX - 10);
	len += GZ_CRED_LINE_MAX - 10;
	memcpy(s + len, "\nhost=dev.azure.com\n", 20);
	len += 20;
	expect_invalid(s, len);
	free(s);
}

static void cred__line_at_the_limit_is_valid(void **state)
{
	struct gz_cred c = GZ_CRED_INIT;
	char *s = malloc(GZ_CRED_LINE_MAX + 64);
	size_t len;

	(void)state;
	strcpy(s, "protocol=https\n");
	len = strlen(s);
	memcpy(s + len, "wwwauth[]=", 10);
	memset(s + len + 10, 'A', GZ_CRED_LINE_MAX - 11);
	len += GZ_CRED_LINE_MAX - 1;
	s[len++] = '\n';
	memcpy(s + len, "host=dev.azure.com\n", 19);
	len += 19;
	assert_int_equal(gz_cred_parse(&c, s, len), 0);
	assert_string_equal(c.host, "dev.azure.com");
	gz_cred_release(&c);
	free(s);
}

static void cred__total_over_one_mib_is_invalid(void **state)
{
	size_t n = GZ_CRED_TOTAL_MAX + 10, i;
	char *s = malloc(n);

	(void)state;
	for (i = 0; i + 10 < n; i += 10)
		memcpy(s + i, "x[]=12345\n", 10);
	memcpy(s, "protocol=h", 10);
	expect_invalid(s, i);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cred__reads_a_plain_request),
		cmocka_unit_test(cred__last_line_may_lack_its_newline),
		cmocka_unit_test(cred__crlf_is_tolerated),
		cmocka_unit_test(cred__blank_line_ends_the_request),
		cmocka_unit_test(cred__unknown_and_array_keys_are_ignored),
		cmocka_unit_test(cred__ephemeral_is_read),
		cmocka_unit_test(cred__repeated_host_is_invalid),
		cmocka_unit_test(cred__repeated_password_is_invalid),
		cmocka_unit_test(cred__lone_cr_is_invalid),
		cmocka_unit_test(cred__nul_in_a_value_is_invalid),
		cmocka_unit_test(cred__control_byte_in_a_value_is_invalid),
		cmocka_unit_test(cred__url_key_is_invalid),
		cmocka_unit_test(cred__missing_or_empty_protocol_or_host_is_invalid),
		cmocka_unit_test(cred__line_without_equals_is_invalid),
		cmocka_unit_test(cred__line_over_the_limit_is_invalid),
		cmocka_unit_test(cred__line_at_the_limit_is_valid),
		cmocka_unit_test(cred__total_over_one_mib_is_invalid),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
