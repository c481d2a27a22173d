/* The management frame decoder and the pack helpers. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mgmt/frame.h"

static uint8_t *exec_frame(const char *line, size_t *len)
{
	Evpnd__Request req = EVPND__REQUEST__INIT;
	Evpnd__Exec exec = EVPND__EXEC__INIT;
	uint8_t *frame;

	exec.line = (char *)line;
	req.op_case = EVPND__REQUEST__OP_EXEC;
	req.exec = &exec;
	frame = mgmt_frame_pack_request(&req, len);
	assert_non_null(frame);
	return frame;
}

static void assert_exec_payload(const uint8_t *payload, size_t len, const char *line)
{
	Evpnd__Request *req = evpnd__request__unpack(NULL, len, payload);

	assert_non_null(req);
	assert_int_equal(req->op_case, EVPND__REQUEST__OP_EXEC);
	assert_string_equal(req->exec->line, line);
	evpnd__request__free_unpacked(req, NULL);
}

static void test_header_is_big_endian_length(void **state)
{
	size_t len;
	uint8_t *frame = exec_frame("show version", &len);
	uint32_t announced;

	(void)state;
	announced = (uint32_t)frame[0] << 24 | (uint32_t)frame[1] << 16 |
		    (uint32_t)frame[2] << 8 | frame[3];
	assert_int_equal(announced, len - MGMT_FRAME_HDR);
	free(frame);
}

static void test_byte_by_byte(void **state)
{
	struct mgmt_frame_decoder d;
	const uint8_t *payload;
	size_t len, plen;
	uint8_t *frame = exec_frame("show running-config json", &len);

	(void)state;
	mgmt_frame_decoder_init(&d);
	for (size_t i = 0; i + 1 < len; i++) {
		assert_int_equal(mgmt_frame_append(&d, frame + i, 1), 0);
		assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_NEED_MORE);
	}
	assert_int_equal(mgmt_frame_append(&d, frame + len - 1, 1), 0);
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_READY);
	assert_int_equal(plen, len - MGMT_FRAME_HDR);
	assert_exec_payload(payload, plen, "show running-config json");
	assert_int_equal(mgmt_frame_pending(&d), 0);
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_NEED_MORE);
	mgmt_frame_decoder_free(&d);
	free(frame);
}

static void test_several_frames_in_one_read(void **state)
{
	static const char *const lines[] = { "one", "two", "three", "four" };
	struct mgmt_frame_decoder d;
	uint8_t *all = NULL;
	size_t total = 0, last_len = 0, plen, first_len = 0;
	const uint8_t *payload, *first = NULL;

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		size_t len;
		uint8_t *frame = exec_frame(lines[i], &len);

		all = realloc(all, total + len);
		assert_non_null(all);
		memcpy(all + total, frame, len);
		total += len;
		last_len = len;
		free(frame);
	}
	mgmt_frame_decoder_init(&d);
	/* Three whole frames and the fourth but for its last octet. */
	assert_int_equal(mgmt_frame_append(&d, all, total - 1), 0);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_READY);
		assert_exec_payload(payload, plen, lines[i]);
		if (i == 0) {
			first = payload;
			first_len = plen;
		}
	}
	/* Popping more does not disturb what was handed out before. */
	assert_exec_payload(first, first_len, "one");
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_NEED_MORE);
	assert_int_equal(mgmt_frame_pending(&d), last_len - 1);
	assert_int_equal(mgmt_frame_append(&d, all + total - 1, 1), 0);
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_READY);
	assert_exec_payload(payload, plen, "four");
	mgmt_frame_decoder_free(&d);
	free(all);
}

static void test_oversize_rejected_from_header(void **state)
{
	static const uint8_t too_big[] = { 0x01, 0x00, 0x00, 0x01 }; /* 16 MiB + 1 */
	static const uint8_t max[] = { 0x01, 0x00, 0x00, 0x00 };     /* exactly 16 MiB */
	static const uint8_t huge[] = { 0xff, 0xff, 0xff, 0xff };
	struct mgmt_frame_decoder d;
	const uint8_t *payload;
	size_t plen;

	(void)state;
	mgmt_frame_decoder_init(&d);
	assert_int_equal(mgmt_frame_append(&d, too_big, 3), 0);
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_NEED_MORE);
	assert_int_equal(mgmt_frame_append(&d, too_big + 3, 1), 0);
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_ERROR);
	mgmt_frame_decoder_free(&d);

	mgmt_frame_decoder_init(&d);
	assert_int_equal(mgmt_frame_append(&d, huge, sizeof(huge)), 0);
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_ERROR);
	mgmt_frame_decoder_free(&d);

	/* The limit itself is allowed: the decoder waits for the body. */
	mgmt_frame_decoder_init(&d);
	assert_int_equal(mgmt_frame_append(&d, max, sizeof(max)), 0);
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_NEED_MORE);
	mgmt_frame_decoder_free(&d);
}

static void test_zero_length_frame(void **state)
{
	static const uint8_t two_empty[] = { 0, 0, 0, 0, 0, 0, 0, 0 };
	struct mgmt_frame_decoder d;
	const uint8_t *payload;
	Evpnd__Request *req;
	size_t plen = 99;

	(void)state;
	mgmt_frame_decoder_init(&d);
	assert_int_equal(mgmt_frame_append(&d, two_empty, sizeof(two_empty)), 0);
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_READY);
	assert_int_equal(plen, 0);
	/* An empty payload is a valid, empty protobuf message. */
	req = evpnd__request__unpack(NULL, plen, payload);
	assert_non_null(req);
	assert_int_equal(req->op_case, EVPND__REQUEST__OP__NOT_SET);
	evpnd__request__free_unpacked(req, NULL);
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_READY);
	assert_int_equal(plen, 0);
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_NEED_MORE);
	mgmt_frame_decoder_free(&d);
}

static void test_reply_round_trip(void **state)
{
	char *choices[] = { "bgp  BGP protocol", "evpn  EVPN instances" };
	Evpnd__Reply reply = EVPND__REPLY__INIT, *back;
	struct mgmt_frame_decoder d;
	const uint8_t *payload;
	size_t len, plen;
	uint8_t *frame;

	(void)state;
	reply.ok = true;
	reply.error = "";
	reply.output = "router bgp 65000\n";
	reply.mode = "config-router";
	reply.pending = true;
	reply.n_choices = 2;
	reply.choices = choices;
	frame = mgmt_frame_pack_reply(&reply, &len);
	assert_non_null(frame);

	mgmt_frame_decoder_init(&d);
	assert_int_equal(mgmt_frame_append(&d, frame, len), 0);
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_READY);
	back = evpnd__reply__unpack(NULL, plen, payload);
	assert_non_null(back);
	assert_true(back->ok);
	assert_true(back->pending);
	assert_string_equal(back->error, "");
	assert_string_equal(back->output, "router bgp 65000\n");
	assert_string_equal(back->mode, "config-router");
	assert_int_equal(back->n_choices, 2);
	assert_string_equal(back->choices[0], "bgp  BGP protocol");
	assert_string_equal(back->choices[1], "evpn  EVPN instances");
	evpnd__reply__free_unpacked(back, NULL);
	mgmt_frame_decoder_free(&d);
	free(frame);
}

static void test_request_round_trip(void **state)
{
	Evpnd__Request req = EVPND__REQUEST__INIT, *back;
	Evpnd__EditConfig edit = EVPND__EDIT_CONFIG__INIT;
	struct mgmt_frame_decoder d;
	const uint8_t *payload;
	size_t len, plen;
	uint8_t *frame;

	(void)state;
	edit.kind = EVPND__EDIT_CONFIG__KIND__JSON;
	edit.data = "{\"evpnd-bgp:bgp\":{}}";
	req.op_case = EVPND__REQUEST__OP_EDIT_CONFIG;
	req.edit_config = &edit;
	frame = mgmt_frame_pack_request(&req, &len);
	assert_non_null(frame);
	mgmt_frame_decoder_init(&d);
	assert_int_equal(mgmt_frame_append(&d, frame, len), 0);
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_READY);
	back = evpnd__request__unpack(NULL, plen, payload);
	assert_non_null(back);
	assert_int_equal(back->op_case, EVPND__REQUEST__OP_EDIT_CONFIG);
	assert_int_equal(back->edit_config->kind, EVPND__EDIT_CONFIG__KIND__JSON);
	assert_string_equal(back->edit_config->data, "{\"evpnd-bgp:bgp\":{}}");
	evpnd__request__free_unpacked(back, NULL);
	mgmt_frame_decoder_free(&d);
	free(frame);
}

static void test_pack_refuses_oversize(void **state)
{
	Evpnd__Reply reply = EVPND__REPLY__INIT;
	size_t len = 0;
	char *big = malloc(MGMT_FRAME_MAX + 1);

	(void)state;
	assert_non_null(big);
	memset(big, 'x', MGMT_FRAME_MAX);
	big[MGMT_FRAME_MAX] = '\0';
	reply.output = big;
	errno = 0;
	assert_null(mgmt_frame_pack_reply(&reply, &len));
	assert_int_equal(errno, EMSGSIZE);
	assert_true(len > MGMT_FRAME_MAX);
	free(big);
}

/* A big frame delivered in reads of odd sizes, after a small one, so the
 * decoder must both compact and grow. */
static void test_big_frame_in_chunks(void **state)
{
	Evpnd__Reply reply = EVPND__REPLY__INIT, *back;
	struct mgmt_frame_decoder d;
	const uint8_t *payload;
	size_t big_len, small_len, plen, off = 0;
	uint8_t *small = exec_frame("x", &small_len), *frame;
	char *out = malloc(3 * 1000 * 1000 + 1);

	(void)state;
	assert_non_null(out);
	for (size_t i = 0; i < 3 * 1000 * 1000; i++)
		out[i] = (char)('a' + i % 26);
	out[3 * 1000 * 1000] = '\0';
	reply.output = out;
	frame = mgmt_frame_pack_reply(&reply, &big_len);
	assert_non_null(frame);

	mgmt_frame_decoder_init(&d);
	assert_int_equal(mgmt_frame_append(&d, small, small_len), 0);
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_READY);
	while (off < big_len) {
		size_t n = big_len - off < 7777 ? big_len - off : 7777;

		assert_int_equal(mgmt_frame_append(&d, frame + off, n), 0);
		off += n;
		if (off < big_len)
			assert_int_equal(mgmt_frame_pop(&d, &payload, &plen),
					 MGMT_FRAME_NEED_MORE);
	}
	assert_int_equal(mgmt_frame_pop(&d, &payload, &plen), MGMT_FRAME_READY);
	back = evpnd__reply__unpack(NULL, plen, payload);
	assert_non_null(back);
	assert_string_equal(back->output, out);
	evpnd__reply__free_unpacked(back, NULL);
	mgmt_frame_decoder_free(&d);
	free(frame);
	free(small);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_is_big_endian_length),
		cmocka_unit_test(test_byte_by_byte),
		cmocka_unit_test(test_several_frames_in_one_read),
		cmocka_unit_test(test_oversize_rejected_from_header),
		cmocka_unit_test(test_zero_length_frame),
		cmocka_unit_test(test_reply_round_trip),
		cmocka_unit_test(test_request_round_trip),
		cmocka_unit_test(test_pack_refuses_oversize),
		cmocka_unit_test(test_big_frame_in_chunks),
	};

	return cmocka_run_group_tests_name("mgmt_frame", tests, NULL, NULL);
}
