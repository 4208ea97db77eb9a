// pdf_shim.cc: poppler-cpp behind the plain C interface of pdf_shim.h.
//
// What it reads: the text of each page in reading order (poppler's
// TextOutputDev, the engine of pdftotext), every text entry of the
// document information dictionary, and the files attached to the
// document.  What it promises: no exception leaves a function of this
// file (each one catches everything, std::bad_alloc becoming PDF_NOMEM);
// the document's bytes are never copied (an attached file's are, one at a
// time); text is streamed out in chunks of at most PDF_CHUNK bytes of
// UTF-8.  Its limits are those of the
// process that runs it (seem-extract-pdf runs under the CPU, address
// space and wall-clock limits of extract.h): poppler itself guards
// against loops in the page tree and in object references.
#include <climits>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include <poppler-document.h>
#include <poppler-embedded-file.h>
#include <poppler-global.h>
#include <poppler-page.h>
#include <poppler-toc.h>

#include "pdf_shim.h"

struct pdf_doc {
	std::unique_ptr<poppler::document> doc;
};

namespace {

// The first message poppler reports while a document is opened, kept as
// printable ASCII for the reason of a broken PDF; every later message is
// dropped, so that a hostile file cannot flood the MTA's log.
char first_error[120];
bool opening;

void on_poppler_error(const std::string &msg, void *)
{
	if (!opening || first_error[0])
		return;
	size_t o = 0, skip = msg.compare(0, 7, "error: ") == 0 ? 7 : 0;
	for (unsigned char ch : msg.substr(skip)) {
		if (o + 1 >= sizeof first_error)
			break;
		first_error[o++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	first_error[o] = '\0';
}

void copy_reason(char *why, size_t whysz, const char *s)
{
	if (why && whysz) {
		std::strncpy(why, s, whysz - 1);
		why[whysz - 1] = '\0';
	}
}

// UTF-16 (what poppler::ustring holds) to UTF-8, pushed out in chunks
// that end on a character boundary.  A lone surrogate becomes U+FFFD.
class utf8_out {
public:
	utf8_out(pdf_text_fn fn, void *ctx) : fn_(fn), ctx_(ctx) {}
	~utf8_out() { flush(); }
	utf8_out(const utf8_out &) = delete;
	utf8_out &operator=(const utf8_out &) = delete;

	void put_utf16(const poppler::ustring &u)
	{
		const size_t n = u.size();
		for (size_t i = 0; i < n; i++) {
			unsigned long c = u[i];
			if (c >= 0xd800 && c < 0xdc00 && i + 1 < n && u[i + 1] >= 0xdc00 && u[i + 1] < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (u[i + 1] - 0xdc00);
				i++;
			} else if (c >= 0xd800 && c < 0xe000) {
				c = 0xfffd;
			}
			put_char(c);
		}
	}

	void put_ascii(const char *s)
	{
		for (; *s; s++)
			put_char((unsigned char)*s < 0x80 ? (unsigned char)*s : 0xfffd);
	}

	void flush()
	{
		if (len_)
			fn_(buf_, len_, ctx_);
		len_ = 0;
	}

private:
	void put_char(unsigned long c)
	{
		if (len_ + 4 > sizeof buf_)
			flush();
		if (c < 0x80) {
			buf_[len_++] = (char)c;
		} else if (c < 0x800) {
			buf_[len_++] = (char)(0xc0 | (c >> 6));
			buf_[len_++] = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			buf_[len_++] = (char)(0xe0 | (c >> 12));
			buf_[len_++] = (char)(0x80 | ((c >> 6) & 0x3f));
			buf_[len_++] = (char)(0x80 | (c & 0x3f));
		} else {
			buf_[len_++] = (char)(0xf0 | (c >> 18));
			buf_[len_++] = (char)(0x80 | ((c >> 12) & 0x3f));
			buf_[len_++] = (char)(0x80 | ((c >> 6) & 0x3f));
			buf_[len_++] = (char)(0x80 | (c & 0x3f));
		}
	}

	pdf_text_fn fn_;
	void *ctx_;
	char buf_[PDF_CHUNK];
	size_t len_ = 0;
};

// The whole page, whatever its boxes.  poppler's default (an empty
// rectangle) means the crop box, mapped between coordinate systems in
// ways that changed between versions (older ones swapped the crop box of
// a rotated page in place); TextOutputDev already drops what lies
// outside the page, so a rectangle larger than any page is the same
// everywhere.
const poppler::rectf whole_page(-1e7, -1e7, 2e7, 2e7);

} // namespace

extern "C" {

enum pdf_status pdf_open(const char *data, size_t n, struct pdf_doc **out,
    char *why, size_t whysz)
{
	*out = nullptr;
	copy_reason(why, whysz, "");
	try {
		poppler::set_debug_error_function(on_poppler_error, nullptr);
		if (n > (size_t)INT_MAX) {
			copy_reason(why, whysz, "larger than poppler can read (2 GB)");
			return PDF_BROKEN;
		}
		first_error[0] = '\0';
		opening = true;
		std::unique_ptr<poppler::document> doc(
		    poppler::document::load_from_raw_data(data, (int)n));
		opening = false;
		if (!doc) {
			copy_reason(why, whysz, first_error);
			return PDF_BROKEN;
		}
		// Locked: the empty user password did not open it.  A PDF
		// with only an owner password is not locked.
		if (doc->is_locked())
			return PDF_LOCKED;
		std::unique_ptr<pdf_doc> d(new pdf_doc);
		d->doc = std::move(doc);
		*out = d.release();
		return PDF_OK;
	} catch (const std::bad_alloc &) {
		opening = false;
		return PDF_NOMEM;
	} catch (...) {
		opening = false;
		copy_reason(why, whysz, "poppler failed while opening it");
		return PDF_BROKEN;
	}
}

int pdf_pages(const struct pdf_doc *d)
{
	try {
		int n = d->doc->pages();
		return n > 0 ? n : 0;
	} catch (...) {
		return 0;
	}
}

enum pdf_status pdf_page_text(const struct pdf_doc *d, int i, pdf_text_fn fn, void *ctx)
{
	try {
		std::unique_ptr<poppler::page> p(d->doc->create_page(i));
		if (!p)
			return PDF_BROKEN;
		poppler::ustring text = p->text(whole_page, poppler::page::non_raw_non_physical_layout);
		utf8_out out(fn, ctx);
		out.put_utf16(text);
		return PDF_OK;
	} catch (const std::bad_alloc &) {
		return PDF_NOMEM;
	} catch (...) {
		return PDF_BROKEN;
	}
}

enum pdf_status pdf_info(const struct pdf_doc *d, pdf_text_fn fn, void *ctx)
{
	try {
		utf8_out out(fn, ctx);
		for (const std::string &key : d->doc->info_keys()) {
			// Dates are not text; Trapped is a name.
			if (key == "CreationDate" || key == "ModDate" || key == "Trapped")
				continue;
			poppler::ustring v = d->doc->info_key(key);
			if (v.empty())
				continue;
			out.put_ascii(key.c_str());
			out.put_ascii(": ");
			out.put_utf16(v);
			out.put_ascii("\n");
		}
		return PDF_OK;
	} catch (const std::bad_alloc &) {
		return PDF_NOMEM;
	} catch (...) {
		return PDF_BROKEN;
	}
}

enum pdf_status pdf_outline(const struct pdf_doc *d, pdf_text_fn fn, void *ctx)
{
	try {
		std::unique_ptr<poppler::toc> t(d->doc->create_toc());
		if (!t || !t->root())
			return PDF_OK;
		utf8_out out(fn, ctx);
		// Depth first with a stack of our own: the outline is the
		// file's, and may be as deep as its writer likes.
		std::vector<std::pair<poppler::toc_item *, int>> todo;
		todo.emplace_back(t->root(), 0);
		size_t seen = 0;
		while (!todo.empty()) {
			poppler::toc_item *item = todo.back().first;
			int depth = todo.back().second;
			todo.pop_back();
			if (depth > 0) {
				if (++seen > PDF_OUTLINE_MAX)
					return PDF_BROKEN;
				out.put_utf16(item->title());
				out.put_ascii("\n");
			}
			std::vector<poppler::toc_item *> kids = item->children();
			if (!kids.empty() && depth >= PDF_OUTLINE_DEPTH)
				return PDF_BROKEN;
			for (auto k = kids.rbegin(); k != kids.rend(); ++k)
				todo.emplace_back(*k, depth + 1);
		}
		return PDF_OK;
	} catch (const std::bad_alloc &) {
		return PDF_NOMEM;
	} catch (...) {
		return PDF_BROKEN;
	}
}

int pdf_attachments(const struct pdf_doc *d)
{
	try {
		if (!d->doc->has_embedded_files())
			return 0;
		size_t n = d->doc->embedded_files().size();
		return n > (size_t)INT_MAX ? INT_MAX : (int)n;
	} catch (...) {
		return 0;
	}
}

enum pdf_status pdf_attachment(const struct pdf_doc *d, int i,
    void (*fn)(const char *name, const char *mime, const char *data, size_t n, void *ctx),
    void *ctx)
{
	try {
		std::vector<poppler::embedded_file *> files = d->doc->embedded_files();
		if (i < 0 || (size_t)i >= files.size() || files[(size_t)i] == nullptr ||
		    !files[(size_t)i]->is_valid())
			return PDF_BROKEN;
		const poppler::embedded_file *f = files[(size_t)i];
		std::string name = f->name(), mime = f->mime_type();
		poppler::byte_array bytes = f->data();
		fn(name.c_str(), mime.c_str(), bytes.data(), bytes.size(), ctx);
		return PDF_OK;
	} catch (const std::bad_alloc &) {
		return PDF_NOMEM;
	} catch (...) {
		return PDF_BROKEN;
	}
}

void pdf_close(struct pdf_doc *d)
{
	delete d;
}

} // extern "C"
