package issue

import (
	"archive/zip"
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/paiban/paiban/diag"
	"github.com/paiban/paiban/internal/input"
)

// The test documents are built here from XML strings with archive/zip, so
// that they are hermetic and can be read; testdata/docx/libreoffice.docx is
// one written by LibreOffice Writer.

const (
	wNS   = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`
	relNS = `http://schemas.openxmlformats.org/officeDocument/2006/relationships`
)

// docxStyles names styles by IDs as Chinese Word does ("1" is heading 1),
// so that styles are known by their names, not their IDs.
const docxStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ` + wNS + `>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="Title"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="Subtitle"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="3"><w:name w:val="heading 3"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="a7"><w:name w:val="Quote"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="a9"><w:name w:val="Intense Quote"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="MyHead"><w:name w:val="Section Head"/><w:basedOn w:val="2"/></w:style>
<w:style w:type="paragraph" w:styleId="ab"><w:name w:val="caption"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="ad"><w:name w:val="List Paragraph"/><w:basedOn w:val="a"/></w:style>
</w:styles>`

const docxNumbering = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering ` + wNS + `>
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>`

const docxFootnotes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes ` + wNS + `>
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 见《长兴县志》，第</w:t></w:r><w:r><w:t>12页。</w:t></w:r></w:p></w:footnote>
<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>第二条注释。</w:t></w:r></w:p></w:footnote>
</w:footnotes>`

const docxEndnotes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:endnotes ` + wNS + `>
<w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t>尾注的文字。</w:t></w:r></w:p></w:endnote>
</w:endnotes>`

// docxRels relates the parts every test document has, and rId10 … to the
// pictures.
func docxRels(extra string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="` + relNS + `/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="` + relNS + `/numbering" Target="numbering.xml"/>
<Relationship Id="rId3" Type="` + relNS + `/footnotes" Target="footnotes.xml"/>
<Relationship Id="rId4" Type="` + relNS + `/endnotes" Target="endnotes.xml"/>
` + extra + `</Relationships>`
}

// docxFiles returns the parts of a document whose body is body.
func docxFiles(body string) map[string][]byte {
	return map[string][]byte{
		"[Content_Types].xml": []byte(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`),
		"_rels/.rels": []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="` + relNS + `/officeDocument" Target="word/document.xml"/></Relationships>`),
		"word/document.xml":            []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`),
		"word/_rels/document.xml.rels": []byte(docxRels("")),
		"word/styles.xml":              []byte(docxStyles),
		"word/numbering.xml":           []byte(docxNumbering),
		"word/footnotes.xml":           []byte(docxFootnotes),
		"word/endnotes.xml":            []byte(docxEndnotes),
	}
}

// zipBytes writes files as a zip archive, in name order.
func zipBytes(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(files[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// p is a paragraph in style (a style ID; "" for Normal) with runs of text.
func p(style string, runs ...string) string {
	ppr := ""
	if style != "" {
		ppr = `<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`
	}
	return `<w:p>` + ppr + strings.Join(runs, "") + `</w:p>`
}

// r is a run of text.
func r(text string) string { return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>` }

// li is a list paragraph of list numID at level ilvl.
func li(numID, ilvl, text string) string {
	return `<w:p><w:pPr><w:pStyle w:val="ad"/><w:numPr><w:ilvl w:val="` + ilvl + `"/><w:numId w:val="` + numID + `"/></w:numPr></w:pPr>` + r(text) + `</w:p>`
}

// loadDocxBytes writes data as name in a fresh directory and loads it.
func loadDocxBytes(t *testing.T, name string, data []byte) (*Article, diag.List, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var d diag.List
	a := loadArticle(path, Pos{File: "plan.toml", Line: 7}, &d)
	return a, d, path
}

func loadDocxBody(t *testing.T, body string) (*Article, diag.List) {
	t.Helper()
	a, d, _ := loadDocxBytes(t, "a.docx", zipBytes(t, docxFiles(body)))
	return a, d
}

type wantBlock struct {
	kind BlockKind
	text string
	line int
}

func checkBlocks(t *testing.T, a *Article, want []wantBlock) {
	t.Helper()
	if len(a.Blocks) != len(want) {
		for _, b := range a.Blocks {
			t.Logf("got %d ¶%d %q", b.Kind, b.Line, b.Text)
		}
		t.Fatalf("%d blocks, want %d", len(a.Blocks), len(want))
	}
	for i, w := range want {
		b := a.Blocks[i]
		if text := shown(b); b.Kind != w.kind || text != w.text || b.Line != w.line {
			t.Errorf("block %d: kind %d ¶%d %q, want kind %d ¶%d %q", i, b.Kind, b.Line, text, w.kind, w.line, w.text)
		}
	}
}

// shown is a block's text with its references as ［n］, a note with its
// number first, a table as its rows (cells apart by U+3000) on lines.
func shown(b Block) string {
	bracket := func(text string, refs []NoteRef) string {
		rs := []rune(text)
		var out strings.Builder
		k := 0
		for i := 0; i <= len(rs); i++ {
			for ; k < len(refs) && refs[k].At == i; k++ {
				fmt.Fprintf(&out, "［%d］", refs[k].N)
			}
			if i < len(rs) {
				out.WriteRune(rs[i])
			}
		}
		return out.String()
	}
	switch b.Kind {
	case Note:
		return fmt.Sprintf("［%d］", b.Level) + b.Text
	case TableBlock:
		var rows []string
		for _, row := range b.Table.Rows {
			var cs []string
			for _, c := range row {
				cs = append(cs, bracket(c.Text, c.Refs))
			}
			rows = append(rows, strings.Join(cs, "\u3000"))
		}
		return b.Text + "|" + strings.Join(rows, "\n")
	}
	return bracket(b.Text, b.Refs)
}

func TestDocxStyles(t *testing.T) {
	body := p("", "") + // an empty paragraph counts: ¶1
		p("a3", r("强主动"), `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> 强探索</w:t></w:r>`) + // ¶2
		p("a5", r("县级组织部门要在路教活动中走在前列")) + // ¶3
		p("", r("　　正文第一段，"), `<w:r><w:rPr><w:i/></w:rPr><w:t>强调</w:t></w:r>`, r("的文字。")) + // ¶4
		p("1", r("一级标题")) + // ¶5: a subheading, the document has a Title
		p("2", r("二级标题")) + // ¶6
		p("3", r("三级标题")) + // ¶7
		p("MyHead", r("基于二级标题的样式")) + // ¶8
		p("a7", r("引用的话。")) + // ¶9
		p("a9", r("明显引用。")) + // ¶10
		p("", r("第一行"), `<w:r><w:br/><w:t>第二行</w:t><w:tab/><w:t>tab</w:t><w:br/><w:t>next line</w:t></w:r>`) + // ¶11
		p("", r("Hello"), `<w:r><w:br/></w:r>`, r("world, ok")) // ¶12
	a, d := loadDocxBody(t, body)
	if a == nil || len(d) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	if a.Title != "强主动 强探索" || a.TitlePos.Line != 2 || a.Subtitle != "县级组织部门要在路教活动中走在前列" || a.Byline != "" {
		t.Errorf("title %q at %+v, subtitle %q, byline %q", a.Title, a.TitlePos, a.Subtitle, a.Byline)
	}
	checkBlocks(t, a, []wantBlock{
		{Para, "正文第一段，强调的文字。", 4},
		{Heading, "一级标题", 5},
		{Heading, "二级标题", 6},
		{Heading, "三级标题", 7},
		{Heading, "基于二级标题的样式", 8},
		{Quote, "引用的话。", 9},
		{Quote, "明显引用。", 10},
		{Para, "第一行第二行 tab next line", 11},
		{Para, "Hello world, ok", 12},
	})
}

func TestDocxHeading1Title(t *testing.T) {
	a, d := loadDocxBody(t, p("", "")+p("1", r("西湖的标题"))+p("2", r("小标题"))+p("", r("正文。")))
	if a == nil || len(d) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	if a.Title != "西湖的标题" || a.TitlePos.Line != 2 {
		t.Errorf("title %q at %+v", a.Title, a.TitlePos)
	}
	checkBlocks(t, a, []wantBlock{{Heading, "小标题", 3}, {Para, "正文。", 4}})

	// a Heading 1 after text is a subheading; the first paragraph is the
	// title, with a note
	a, d = loadDocxBody(t, p("", r("没有样式的标题"))+p("1", r("一级标题"))+p("", r("正文。")))
	if a == nil || len(d) != 1 || d[0].Severity != diag.Note || !strings.Contains(d[0].String(), "a.docx:1: note: paragraph 1 is taken as the title") {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	checkBlocks(t, a, []wantBlock{{Heading, "一级标题", 2}, {Para, "正文。", 3}})

	// a long first paragraph is no title
	_, d = loadDocxBody(t, p("", r(strings.Repeat("很长的正文。", 20))))
	if !hasDiag(d, "a.docx:1: the article has no title") {
		t.Errorf("diagnostics:\n%s", listString(d))
	}
}

func hasDiag(d diag.List, s string) bool {
	for _, x := range d {
		if strings.Contains(x.String(), s) {
			return true
		}
	}
	return false
}

func TestDocxLists(t *testing.T) {
	body := p("a3", r("列表")) +
		li("1", "0", "第一项") + li("1", "0", "第二项") + li("1", "1", "子项") + li("1", "1", "子项二") + li("1", "0", "第三项") +
		li("2", "0", "要点") + li("2", "0", "another point") +
		li("3", "0", "中文编号") + li("3", "0", "第二") +
		li("1", "0", "English item") +
		li("4", "0", "另一个列表接着编号") + // numbering shared with list 1
		li("5", "0", "重新编号") + li("5", "0", "再一项") // restarted
	a, d := loadDocxBody(t, body)
	if a == nil || len(d) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	checkBlocks(t, a, []wantBlock{
		{Para, "1．第一项", 2}, {Para, "2．第二项", 3}, {Para, "a）子项", 4}, {Para, "b）子项二", 5}, {Para, "3．第三项", 6},
		{Para, "• 要点", 7}, {Para, "• another point", 8},
		{Para, "一、中文编号", 9}, {Para, "二、第二", 10},
		{Para, "4. English item", 11},
		{Para, "5．另一个列表接着编号", 12},
		{Para, "1．重新编号", 13}, {Para, "2．再一项", 14},
	})
}

func TestDocxNotes(t *testing.T) {
	body := p("a3", r("注释")) +
		p("", r("正文引用"), `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>`, r("，再引"),
			`<w:r><w:footnoteReference w:id="2"/></w:r>`, r("。")) +
		p("", r("尾注引用"), `<w:r><w:endnoteReference w:id="1"/></w:r>`, r("。")) +
		p("", r("最后一段。"))
	a, d := loadDocxBody(t, body)
	if a == nil || len(d) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	checkBlocks(t, a, []wantBlock{
		{Para, "正文引用［1］，再引［2］。", 2},
		{Note, "［1］见《长兴县志》，第12页。", 2},
		{Note, "［2］第二条注释。", 2},
		{Para, "尾注引用［3］。", 3},
		{Para, "最后一段。", 4},
		{Note, "［3］尾注的文字。", 3},
	})
}

// A table: its rows of cells (a cell's paragraphs joined), the first row
// its head; a paragraph "表1 …" just before it is its caption; footnote
// references in cells are the cells' NoteRefs.
func TestDocxTable(t *testing.T) {
	cell := func(paras ...string) string { return `<w:tc><w:tcPr/>` + strings.Join(paras, "") + `</w:tc>` }
	caption := p("a3", r("表格")) + // ¶1
		p("", r("表1　产量")) + // ¶2
		`<w:tbl><w:tblPr/>` +
		`<w:tr>` + cell(p("", r("年份"))) + cell(p("", r("产量"))) + `</w:tr>` + // ¶3 ¶4
		`<w:tr>` + cell(p("", r("2014"))) + cell(p("", r("12"), `<w:r><w:footnoteReference w:id="1"/></w:r>`)) + `</w:tr>` + // ¶5 ¶6
		`</w:tbl>`
	a, d := loadDocxBody(t, caption)
	if a == nil || len(d) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	checkBlocks(t, a, []wantBlock{
		{TableBlock, "表1　产量|年份　产量\n2014　12［1］", 3},
		{Note, "［1］见《长兴县志》，第12页。", 3},
	})

	body := p("a3", r("表格")) + // ¶1
		`<w:tbl><w:tblPr/>` +
		`<w:tr>` + cell(p("", r("年份"))) + cell(p("", r("产量"))) + cell(p("", "")) + `</w:tr>` + // ¶2 ¶3 ¶4
		`<w:tr>` + cell(p("", r("2014"))) + cell(p("", r("12万吨")), p("", r("（估计）"))) + cell(p("", r("备注"))) + `</w:tr>` + // ¶5 … ¶8
		`</w:tbl>` +
		p("", r("表后正文。")) // ¶9
	a, d = loadDocxBody(t, body)
	if a == nil || len(d) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	checkBlocks(t, a, []wantBlock{
		{TableBlock, "|年份　产量　\n2014　12万吨（估计）　备注", 2},
		{Para, "表后正文。", 9},
	})

	// a head cell merged over two columns (w:gridSpan, as LibreOffice and
	// Word write it) keeps the next head cell over its own column
	merged := p("a3", r("表格")) +
		`<w:tbl><w:tblPr/>` +
		`<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>` + p("", r("合并")) + `</w:tc>` + cell(p("", r("人数"))) + `</w:tr>` +
		`<w:tr>` + cell(p("", r("一年级"))) + cell(p("", r("男")), p("", r("女"))) + cell(p("", r("12"))) + `</w:tr>` +
		`</w:tbl>`
	a, d = loadDocxBody(t, merged)
	if a == nil || len(d) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	// (a cell's paragraphs 男 and 女 stay apart: not the word 男女)
	checkBlocks(t, a, []wantBlock{
		{TableBlock, "|合并　　人数\n一年级　男　女　12", 2},
	})
}

func TestDocxRevisionsFieldsHidden(t *testing.T) {
	body := p("a3", r("修订")) +
		p("", r("保留"),
			`<w:del w:id="1" w:author="x"><w:r><w:delText>删除的字</w:delText></w:r></w:del>`,
			`<w:ins w:id="2" w:author="x"><w:r><w:t>插入的字</w:t></w:r></w:ins>`,
			`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE \* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`,
			`<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的字</w:t></w:r>`,
			`<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>不隐藏</w:t></w:r>`,
			`<w:commentRangeStart w:id="0"/>`, r("批注范围"), `<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>`,
			`<w:moveFrom w:id="3"><w:r><w:t>移走</w:t></w:r></w:moveFrom>`,
			`<w:hyperlink r:id="rId9"><w:r><w:t>链接文字</w:t></w:r></w:hyperlink>`,
			`<w:r><w:t>零宽&#x200B;空格</w:t></w:r>`,
			`<w:fldSimple w:instr=" DATE "><w:r><w:t>2026年</w:t></w:r></w:fldSimple>`,
			r("。"))
	a, d := loadDocxBody(t, body)
	if a == nil || len(d) != 1 || !hasDiag(d, "a.docx:2: warning: paragraph 2: 1 invisible format character") {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	checkBlocks(t, a, []wantBlock{{Para, "保留插入的字7不隐藏批注范围链接文字零宽空格2026年。", 2}})
}

// pngBytes is a w×h PNG.
func pngBytes(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func drawing(rid string) string {
	return `<w:r><w:drawing><wp:inline><wp:extent cx="3000000" cy="2000000"/><wp:docPr id="1" name="图片 1"/>` +
		`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill>` +
		`<a:blip r:embed="` + rid + `"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`
}

func TestDocxPicture(t *testing.T) {
	body := p("a3", r("图片")) + // ¶1
		p("", r("图前的正文。")) + // ¶2
		p("", drawing("rId10")) + // ¶3
		p("ab", r("图1　西湖"), `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> SEQ Figure </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`) + // ¶4: the caption
		p("", r("文中有图"), drawing("rId10"), r("的段落。")) + // ¶5
		p("", r("又一段。")) + // ¶6
		p("ab", r("不跟在图后的题注")) // ¶7
	files := docxFiles(body)
	files["word/_rels/document.xml.rels"] = []byte(docxRels(`<Relationship Id="rId10" Type="` + relNS + `/image" Target="media/image1.png"/>`))
	pngData := pngBytes(t, 300, 200)
	files["word/media/image1.png"] = pngData
	a, d, path := loadDocxBytes(t, "图文.docx", zipBytes(t, files))
	if a == nil || len(d) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	checkBlocks(t, a, []wantBlock{
		{Para, "图前的正文。", 2},
		{Figure, "图1　西湖", 3},
		{Para, "文中有图的段落。", 5},
		{Figure, "", 5},
		{Para, "又一段。", 6},
		{Para, "不跟在图后的题注", 7},
	})
	im := a.Blocks[1].Image
	member := path + "#word/media/image1.png"
	if im == nil || im.Path != member || im.Format != "png" || im.Width != 300 || im.Height != 200 || im.Color != "rgb" || im.Pos != (Pos{path, 3}) {
		t.Fatalf("image %+v", im)
	}
	// the picture is read from the document, as the PDF writer and the
	// manifest read it: the same bytes, no file extracted
	got, err := input.ReadFile(im.Path, input.Image)
	if err != nil || !bytes.Equal(got, pngData) {
		t.Fatalf("ReadFile(%s): %v", im.Path, err)
	}
	if st, err := input.StatFile(im.Path); err != nil || st.Name() != "图文.docx" {
		t.Errorf("StatFile: %v %v", st, err)
	}
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Errorf("files beside the document: %v", ents)
	}
	if _, err := input.ReadFile(path+"#word/media/none.png", input.Image); err == nil || !strings.Contains(err.Error(), "has no member word/media/none.png") {
		t.Errorf("missing member: %v", err)
	}
}

func TestDocxPictureErrors(t *testing.T) {
	body := p("a3", r("坏图")) +
		p("", r("正文。")) + // ¶2
		p("", drawing("rId10")) + // ¶3: EMF
		p("", `<w:r><w:drawing><a:blip r:link="rId11"/></w:drawing></w:r>`) + // ¶4: linked
		p("", drawing("rId12")) + // ¶5: not a PNG inside
		p("", drawing("rId13")) + // ¶6: missing member
		p("", drawing("rId99")) + // ¶7: no relationship
		p("", `<w:r><w:drawing><wp:inline><a:graphic><a:graphicData><wps:wsp xmlns:wps="x"><wps:txbx><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`) // ¶8
	files := docxFiles(body)
	files["word/_rels/document.xml.rels"] = []byte(docxRels(
		`<Relationship Id="rId10" Type="` + relNS + `/image" Target="media/image1.emf"/>` +
			`<Relationship Id="rId11" Type="` + relNS + `/image" Target="file:///C:/pic.jpg" TargetMode="External"/>` +
			`<Relationship Id="rId12" Type="` + relNS + `/image" Target="media/image2.png"/>` +
			`<Relationship Id="rId13" Type="` + relNS + `/image" Target="/word/media/image3.jpeg"/>`))
	files["word/media/image1.emf"] = []byte("EMF")
	files["word/media/image2.png"] = []byte("not a png")
	_, d, _ := loadDocxBytes(t, "a.docx", zipBytes(t, files))
	for _, want := range []string{
		"a.docx:3: paragraph 3: the picture word/media/image1.emf is a Windows metafile (EMF/WMF)",
		"a.docx:4: paragraph 4: the picture is linked (file:///C:/pic.jpg), not embedded",
		"a.docx:5: ", "a.docx#word/media/image2.png is a text file, not an image",
		"a.docx:6: paragraph 6: the picture word/media/image3.jpeg is missing from the document",
		"a.docx:7: paragraph 7: the picture refers to rId99",
		"a.docx:8: warning: paragraph 8: the text of a text box is set as paragraphs after the paragraph that holds it",
	} {
		if !hasDiag(d, want) {
			t.Errorf("no %q in\n%s", want, listString(d))
		}
	}
}

// oleStub is the start of an OLE compound file naming its streams.
func oleStub(streams ...string) []byte {
	b := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	for _, s := range streams {
		b = append(b, utf16(s)...)
		b = append(b, make([]byte, 128-2*len(s))...)
	}
	return b
}

func TestDocxBroken(t *testing.T) {
	good := zipBytes(t, docxFiles(p("a3", r("标题"))+p("", r("正文。"))))
	noDoc := docxFiles("")
	delete(noDoc, "word/document.xml")
	xlsx := map[string][]byte{"xl/workbook.xml": []byte("<workbook/>")}
	bad := docxFiles(p("a3", r("标题")) + `<w:p><w:r><w:t>未闭合</w:r></w:p>`)
	deep := docxFiles(strings.Repeat("<w:sdt><w:sdtContent>", 300) + strings.Repeat("</w:sdtContent></w:sdt>", 300))
	bomb := docxFiles(p("a3", r("标题")) + p("", r("正文。")))
	bomb["word/document.xml"] = append(bomb["word/document.xml"], bytes.Repeat([]byte(" "), maxDocxPart)...)
	corrupt := append([]byte(nil), good...)
	// damage the compressed data of the first member (its CRC then fails)
	i := bytes.Index(corrupt, []byte("word/document.xml")) + len("word/document.xml")
	corrupt[i+40] ^= 0xFF
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"encrypted", oleStub("EncryptionInfo", "EncryptedPackage"), "x.docx is password-protected (an encrypted Word document)"},
		{"doc", oleStub("WordDocument", "1Table"), "x.docx is an old Word 97–2003 document (.doc) named .docx"},
		{"truncated", good[:len(good)/2], "x.docx is damaged: not a readable zip archive (zip: not a valid zip file)"},
		{"empty", nil, "x.docx is empty: not a .docx document"},
		{"text", []byte("标题\n\n  正文。\n"), "x.docx is not a .docx document (not a zip archive)"},
		{"rtf", []byte(`{\rtf1\ansi hello}`), "x.docx is an RTF document"},
		{"no document.xml", zipBytes(t, noDoc), "x.docx is not a Word document: it has no word/document.xml"},
		{"xlsx", zipBytes(t, xlsx), "x.docx is not a Word document: it has no word/document.xml (it is an Excel workbook)"},
		{"malformed", zipBytes(t, bad), "x.docx is damaged: word/document.xml: XML syntax error at line 1: element <t> closed by </r>"},
		{"deep", zipBytes(t, deep), "x.docx is damaged: word/document.xml: elements nested more than 256 deep"},
		{"bomb", zipBytes(t, bomb), "x.docx is damaged: word/document.xml is 32 MB: larger than the 32 MB a part of a .docx document may be"},
		{"checksum", corrupt, "x.docx is damaged: word/document.xml: "},
		{"no text", zipBytes(t, docxFiles(p("", "")+p("a3", ""))), "x.docx: the article is empty"},
	} {
		a, d, _ := loadDocxBytes(t, "x.docx", c.data)
		if a != nil || !hasDiag(d, c.want) {
			t.Errorf("%s: article %v, no %q in\n%s", c.name, a != nil, c.want, listString(d))
		}
		// a file that is no Word document, or a damaged one, is reported
		// at the plan line that names it
		if strings.HasPrefix(c.want, "x.docx is") && (len(d) == 0 || d[0].File != "plan.toml" || d[0].Line != 7) {
			t.Errorf("%s: not at the plan's line:\n%s", c.name, listString(d))
		}
	}
}

// loadDocxFile loads the .docx at path as an article, without errors.
func loadDocxFile(t *testing.T, path string) *Article {
	t.Helper()
	var d diag.List
	a := loadArticle(path, Pos{File: "plan.toml", Line: 1}, &d)
	if a == nil || len(d.Errors()) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	return a
}

// TestDocxLibreOffice loads a document LibreOffice Writer wrote
// (testdata/docx/libreoffice.docx, made from libreoffice.fodt with
// soffice --headless --convert-to docx).
func TestDocxLibreOffice(t *testing.T) {
	const path = "testdata/docx/libreoffice.docx"
	a := loadDocxFile(t, path)
	if a.Title != "西湖边的读书会" || a.TitlePos.Line != 1 || a.Subtitle != "一个社区图书馆的十年" {
		t.Errorf("title %q at %+v, subtitle %q", a.Title, a.TitlePos, a.Subtitle)
	}
	checkBlocks(t, a, []wantBlock{
		{Para, "十年前，杭州西湖边的一间老房子里，几位退休教师办起了读书会［1］。如今，每周六上午都有三十多位居民准时到场。", 3},
		{Note, "［1］读书会成立于2016年春。", 3},
		{Heading, "从一张书桌开始", 4},
		{Para, "最初只有一张书桌、两排书架。后来，街道腾出了隔壁的房间。", 5},
		{Quote, "“读书不是为了别的，是为了把日子过明白。”", 6},
		{Heading, "读书会的规矩", 7},
		{Para, "1．每人每月至少读一本书；", 8},
		{Para, "2．发言不超过五分钟；", 9},
		{Para, "3．书借出去，两周内还回来。", 10},
		{Para, "• 茶水免费", 11},
		{Para, "• 欢迎带孩子来", 12},
		{TableBlock, "|年份　会员　藏书\n2016　12人　300册\n2026　186人　5200册", 13},
		{Figure, "", 22},
		{Para, "读书会的老会员说，这里最珍贵的不是书，而是人。", 23},
	})
	if im := a.Blocks[12].Image; im == nil || im.Path != path+"#word/media/image1.png" || im.Format != "png" || im.Width != 120 || im.Height != 80 {
		t.Errorf("picture %+v", im)
	}
}

// TestDocxInPlan places a .docx article in a plan.
func TestDocxInPlan(t *testing.T) {
	plan := planDir(t, head+"[[page]]\nslots = \"01\"\ncontent = [\"c.docx\"]\n")
	files := docxFiles(p("a3", r("标题")) + p("", r("正文。")))
	if err := os.WriteFile(filepath.Join(filepath.Dir(plan), "c.docx"), zipBytes(t, files), 0o644); err != nil {
		t.Fatal(err)
	}
	is, d := Load(plan)
	if len(d.Errors()) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	var a *Article
	for _, ps := range is.Pages {
		for _, c := range ps.Content {
			if c.Kind == KindArticle {
				a = c.Article
			}
		}
	}
	if a == nil || a.Title != "标题" || len(a.Blocks) != 1 || a.Blocks[0].Text != "正文。" {
		t.Fatalf("article %+v", a)
	}
}

// FuzzDocx: no document, however damaged, panics; each is an article or
// an error naming the file. The seeds run with the tests; go test -fuzz
// FuzzDocx ./issue mutates them.
func FuzzDocx(f *testing.F) {
	lo, err := os.ReadFile("testdata/docx/libreoffice.docx")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(lo)
	f.Add(lo[:len(lo)-100])
	widths, err := os.ReadFile("testdata/docx/libreoffice-widths.docx")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(widths) // pictures' extents against the section's text width
	nasty, err := os.ReadFile("testdata/docx/libreoffice-nasty.docx")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(nasty) // ruby, symbol fonts, text boxes, tracked changes …
	f.Add(oleStub("EncryptedPackage"))
	t := &testing.T{}
	f.Add(zipBytes(t, docxFiles(p("a3", r("标题"))+li("1", "9", "项")+p("", `<w:r><w:footnoteReference w:id="7"/></w:r>`))))
	// stored (not deflated) parts, so that mutations reach the XML
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range docxFiles(p("a3", r("标题")) + li("3", "0", "项") + p("", r("正文"), `<w:r><w:footnoteReference w:id="1"/></w:r>`)) {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		w.Write(data)
	}
	zw.Close()
	f.Add(buf.Bytes())
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "f.docx")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var d diag.List
		a := loadArticle(path, Pos{File: "plan.toml", Line: 1}, &d)
		if a == nil && len(d.Errors()) == 0 {
			t.Fatalf("no article and no error")
		}
		for _, e := range d.Errors() {
			if e.File != path && e.File != "plan.toml" {
				t.Fatalf("error about %s: %s", e.File, e)
			}
		}
	})
}

// Word bold runs become bold spans; italic and Word's 着重号 (w:em)
// emphasis (issue 14), for the layout to set in the bold face and with dots.
func TestDocxEmphasisSpans(t *testing.T) {
	body := p("a3", r("标题")) +
		p("", r("　　正文"), `<w:r><w:rPr><w:b/></w:rPr><w:t>加粗</w:t></w:r>`, r("与"), `<w:r><w:rPr><w:em w:val="dot"/></w:rPr><w:t>着重</w:t></w:r>`, r("，"), `<w:r><w:rPr><w:i/></w:rPr><w:t>斜体</w:t></w:r>`, r("。"))
	a, d := loadDocxBody(t, body)
	if a == nil || len(d) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	b := a.Blocks[0]
	want := []Span{{2, 4, Bold}, {5, 7, Emphasis}, {8, 10, Emphasis}}
	if b.Text != "正文加粗与着重，斜体。" || len(b.Spans) != len(want) {
		t.Fatalf("%q spans %+v", b.Text, b.Spans)
	}
	for i := range want {
		if b.Spans[i] != want[i] {
			t.Errorf("span %d = %+v, want %+v", i, b.Spans[i], want[i])
		}
	}
}

// A manuscript with Word's table of contents (a TOC field over several
// paragraphs, its result the entries with their page numbers) had the
// entries printed as paragraphs of the article: they are the manuscript's
// pages, not its text. Left out, with a warning; other fields' results (a
// date, a page reference) are printed as before.
func TestDocxTableOfContentsLeftOut(t *testing.T) {
	fld := func(typ string) string { return `<w:r><w:fldChar w:fldCharType="` + typ + `"/></w:r>` }
	instr := func(s string) string { return `<w:r><w:instrText xml:space="preserve">` + s + `</w:instrText></w:r>` }
	body := p("a3", r("标题")) + // ¶1
		p("TOC1", fld("begin"), instr(` TOC \o "1-3" \h \z \u `), fld("separate"),
			`<w:hyperlink w:anchor="_Toc1">`+r("第一章　课堂上")+`<w:r><w:tab/></w:r>`+fld("begin")+instr(" PAGEREF _Toc1 \\h ")+fld("separate")+r("3")+fld("end")+`</w:hyperlink>`) + // ¶2
		p("TOC1", r("第二章　放学后"), `<w:r><w:tab/></w:r>`, r("5")) + // ¶3
		p("", fld("end")) + // ¶4
		p("", r("正文写于"), fld("begin"), instr(" DATE "), fld("separate"), r("2026年1月1日"), fld("end"), r("。")) // ¶5
	a, d := loadDocxBody(t, body)
	if a == nil {
		t.Fatalf("no article:\n%s", listString(d))
	}
	checkBlocks(t, a, []wantBlock{{Para, "正文写于2026年1月1日。", 5}})
	if s := listString(d); !strings.Contains(s, "a.docx:2: warning: paragraph 2: the document's table of contents (a TOC field) is not printed") || strings.Count(s, "\n") > 1 {
		t.Errorf("want one warning at the TOC:\n%s", s)
	}
	// as Word and LibreOffice write it: in a content control (w:sdt) of
	// the gallery "Table of Contents", with its heading 目录 before the field
	sdt := p("a3", r("标题")) + // ¶1
		`<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>` +
		p("", r("目录")) + // ¶2
		p("TOC1", fld("begin"), instr(` TOC \o "1-3" \h `), fld("separate"), r("第一章"), `<w:r><w:tab/></w:r>`, r("3")) + // ¶3
		p("", fld("end")) + // ¶4
		`</w:sdtContent></w:sdt>` +
		p("", r("正文。")) // ¶5
	a, d = loadDocxBody(t, sdt)
	if a == nil {
		t.Fatalf("no article:\n%s", listString(d))
	}
	checkBlocks(t, a, []wantBlock{{Para, "正文。", 5}})
	if s := listString(d); !strings.Contains(s, "a.docx:2: warning: paragraph 2: the document's table of contents") {
		t.Errorf("want a warning at the TOC:\n%s", s)
	}
}

// A paragraph mark deleted with track changes on (two paragraphs joined in
// Word) left two paragraphs: the document is read with every change
// accepted, so they are one.
func TestDocxDeletedParagraphMarkJoins(t *testing.T) {
	delMark := `<w:pPr><w:rPr><w:del w:id="9" w:author="编辑" w:date="2026-01-02T00:00:00Z"/></w:rPr></w:pPr>`
	body := p("a3", r("标题")) + // ¶1
		`<w:p>` + delMark + r("前半句，") + `</w:p>` + // ¶2
		p("", r("后半句。")) + // ¶3
		p("", r("另一段。")) // ¶4
	a, d := loadDocxBody(t, body)
	if a == nil || len(d) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	checkBlocks(t, a, []wantBlock{{Para, "前半句，后半句。", 2}, {Para, "另一段。", 4}})
	// a heading whose mark is deleted runs into the body paragraph after
	// it, which keeps its style (the surviving mark's)
	body = p("a3", r("标题")) + // ¶1
		`<w:p><w:pPr><w:pStyle w:val="2"/><w:rPr><w:del w:id="9" w:author="编辑" w:date="2026-01-02T00:00:00Z"/></w:rPr></w:pPr>` + r("小标题") + `</w:p>` + // ¶2
		p("", r("正文。")) // ¶3
	a, d = loadDocxBody(t, body)
	if a == nil || len(d) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	checkBlocks(t, a, []wantBlock{{Para, "小标题正文。", 2}})
}

// A picture's width in the document gives it its width in the layout:
// against the section's text width (page less margins) its Extent, or to
// the bleed when it is wider than the text or anchored to the page
// (testdata/docx/libreoffice-widths.docx, made from libreoffice-widths.fodt
// with soffice --headless --convert-to docx: A4, 2 cm margins, pictures 17,
// 11, 8.5, 5 and 19 cm wide).
func TestDocxPictureWidths(t *testing.T) {
	var d diag.List
	a := loadArticle("testdata/docx/libreoffice-widths.docx", Pos{File: "plan.toml", Line: 1}, &d)
	if a == nil || len(d.Errors()) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	var got []string
	for _, b := range a.Blocks {
		if b.Kind == Figure {
			got = append(got, fmt.Sprintf("%s %q %d", b.Text, b.Width, b.Extent))
		}
	}
	want := []string{`与正文同宽的图片 "" 1000`, `约三分之二宽的图片 "" 647`, `半宽的图片 "" 500`, `窄图片 "" 294`, `比正文还宽的图片 "bleed" 0`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("figures\n%s, want\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// anchored to the page at about the text width (A4 less 2 cm margins:
	// 17 cm, 6120000 EMU): to the bleed; a small one anchored to the page
	// keeps its width; no section size: no width
	anchoredW := func(cx string) string {
		return `<w:r><w:drawing><wp:anchor><wp:positionH relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionH><wp:extent cx="` + cx + `" cy="2000000"/>` +
			`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill>` +
			`<a:blip r:embed="rId10"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>`
	}
	anchored := anchoredW("6000000")
	// VML (an older document): the shape's style gives its width
	vml := func(style string) string {
		return `<w:r><w:pict><v:shape style="` + style + `"><v:imagedata r:id="rId10"/></v:shape></w:pict></w:r>`
	}
	sect := `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:left="1134" w:right="1134"/></w:sectPr>`
	for _, c := range []struct {
		style, width string
		extent       int
	}{
		{"width:481.9pt;height:300pt", "", 1000},
		{"width:8.5cm;height:6cm", "", 499},
		{"position:absolute;mso-position-horizontal-relative:page;width:3in;height:2in", "", 448},
		{"position:absolute;mso-position-horizontal-relative:page;width:470pt;height:2in", WidthBleed, 0},
		{"height:2in", "", 0},
	} {
		if b := lastPicture(t, "旧.docx", vml(c.style), sect); b.Kind != Figure || b.Width != c.width || b.Extent != c.extent {
			t.Errorf("%q: the VML picture %q %d", c.style, b.Width, b.Extent)
		}
	}
	for _, c := range []struct{ sect, width string }{
		{`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:left="1134" w:right="1134"/></w:sectPr>`, WidthBleed},
		{``, WidthColumn},
	} {
		if b := lastPicture(t, "锚定.docx", anchored, c.sect); b.Kind != Figure || b.Width != c.width || b.Extent != 0 {
			t.Errorf("%q: the anchored picture %+v", c.sect, b)
		}
	}
	if b := lastPicture(t, "锚定.docx", anchoredW("2743200"), sect); b.Kind != Figure || b.Width != "" || b.Extent != 448 {
		t.Errorf("a 3-inch picture anchored to the page: %q %d, want its extent 448", b.Width, b.Extent)
	}
}

// Extents and page sizes no document has (a damaged or hostile file) never
// wrap around: a picture wider than any page runs to the bleed, a section
// wider than any page gives no width.
func TestDocxPictureHugeExtents(t *testing.T) {
	pic := func(cx string) string {
		return `<w:r><w:drawing><wp:inline><wp:extent cx="` + cx + `" cy="2000000"/>` +
			`<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill>` +
			`<a:blip r:embed="rId10"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`
	}
	a4 := `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:left="1134" w:right="1134"/></w:sectPr>`
	for _, c := range []struct {
		cx, sect, width string
		extent          int
	}{
		{"9000000000000000000", a4, WidthBleed, 0},
		{"100000000000000000", a4, WidthBleed, 0},
		{"3000000", `<w:sectPr><w:pgSz w:w="90000000000000000" w:h="16838"/></w:sectPr>`, WidthColumn, 0},
		{"3000000", `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:left="-9000000000000000000" w:right="0"/></w:sectPr>`, WidthColumn, 0},
		{"3000000", a4, WidthColumn, 490},
	} {
		if b := lastPicture(t, "大.docx", pic(c.cx), c.sect); b.Kind != Figure || b.Width != c.width || b.Extent != c.extent {
			t.Errorf("extent %s in %.40s…: width %q extent %d, want %q %d", c.cx, c.sect, b.Width, b.Extent, c.width, c.extent)
		}
	}
}

// lastPicture loads a document named name of a title, a paragraph and a
// paragraph holding the picture run pic (of image rId10, a PNG), then the
// section properties sect, and returns its last block.
func lastPicture(t *testing.T, name, pic, sect string) Block {
	t.Helper()
	files := docxFiles(p("a3", r("图片")) + p("", r("正文。")) + p("", pic) + sect)
	files["word/_rels/document.xml.rels"] = []byte(docxRels(`<Relationship Id="rId10" Type="` + relNS + `/image" Target="media/image1.png"/>`))
	files["word/media/image1.png"] = pngBytes(t, 300, 200)
	a, d, _ := loadDocxBytes(t, name, zipBytes(t, files))
	if a == nil || len(d) > 0 {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	return a.Blocks[len(a.Blocks)-1]
}

// Ruby (Word's phonetic guide) keeps its base text, the guide after it in
// brackets (both were dropped: 注音：。); text typed in the Symbol font, or
// inserted as a w:sym, prints the characters the font shows (α, not "a"; a
// w:sym was left out), Wingdings' common bullets and check marks too, and an
// unknown dingbat is a warning, never a Latin letter.
func TestDocxRubyAndSymbolFonts(t *testing.T) {
	sym := func(font, text string) string {
		return `<w:r><w:rPr><w:rFonts w:ascii="` + font + `" w:hAnsi="` + font + `"/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
	}
	body := p("a3", r("题")) +
		p("", r("注音："),
			`<w:r><w:ruby><w:rubyPr><w:hps w:val="12"/></w:rubyPr><w:rt><w:r><w:t>hànzì</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>汉字</w:t></w:r></w:rubyBase></w:ruby></w:r>`,
			r("。符号："), sym("Symbol", "a b p"), r("，"), `<w:r><w:sym w:font="Symbol" w:char="F070"/></w:r>`,
			sym("Wingdings", "J"), `<w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>`, sym("Wingdings", "\u00ff"), r("。"))
	a, d := loadDocxBody(t, body)
	if a == nil || len(d) != 2 || !hasDiag(d, "paragraph 2: ruby (a phonetic guide) is not set above its characters") ||
		!hasDiag(d, "a symbol of the font Wingdings ('ÿ') is not printed") {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	checkBlocks(t, a, []wantBlock{{Para, "注音：汉字（hànzì）。符号：α β π，π☺✓。", 2}})
}

// The text of a Word text box (a sidebar, a pull quote) is set as
// paragraphs after the paragraph that holds it, with a warning — once, from
// the DrawingML choice of an mc:AlternateContent, not again from its VML
// fallback; in a table cell, in the cell. It was left out.
func TestDocxTextBoxText(t *testing.T) {
	box := func(text string) string {
		return `<w:txbxContent><w:p><w:r><w:t>` + text + `</w:t></w:r></w:p><w:p><w:r><w:t>第二段` + text + `</w:t></w:r></w:p></w:txbxContent>`
	}
	alt := `<w:r><mc:AlternateContent xmlns:mc="m"><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp xmlns:wps="x"><wps:txbx>` + box("框中文字。") +
		`</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape xmlns:v="v"><v:textbox>` + box("框中文字。") + `</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>`
	body := p("a3", r("题")) + p("", r("正文，"), alt, r("继续。")) + p("", r("后文。")) +
		`<w:tbl><w:tr><w:tc>` + p("", r("格"), `<w:r><w:pict><v:shape xmlns:v="v"><v:textbox>`+box("格框。")+`</v:textbox></v:shape></w:pict></w:r>`) + `</w:tc><w:tc>` + p("", r("乙")) + `</w:tc></w:tr></w:tbl>`
	a, d := loadDocxBody(t, body)
	if a == nil || !hasDiag(d, "a.docx:2: warning: paragraph 2: the text of a text box is set as paragraphs after the paragraph that holds it") {
		t.Fatalf("diagnostics:\n%s", listString(d))
	}
	var got []string
	for _, b := range a.Blocks {
		got = append(got, shown(b))
	}
	if s := strings.Join(got, "|"); !strings.HasPrefix(s, "正文，继续。|框中文字。|第二段框中文字。|后文。|") || !strings.Contains(s, "格　格框。第二段格框。　乙") {
		t.Errorf("blocks %q", got)
	}
}

// A document as LibreOffice writes it (testdata/docx/libreoffice-nasty.fodt,
// converted with soffice --headless --convert-to docx) with what manuscripts
// carry: tracked changes, a comment, fields, a footnote and an endnote, a
// table with merged cells, a picture, a text box, nested lists, links, ruby,
// the Symbol and Wingdings fonts, a two-column section, a page break: every
// character of the text once, nothing of the markup, and no error.
func TestDocxLibreOfficeManuscript(t *testing.T) {
	a := loadDocxFile(t, "testdata/docx/libreoffice-nasty.docx")
	var all []string
	for _, b := range a.Blocks {
		all = append(all, shown(b))
	}
	text := a.Title + "|" + strings.Join(all, "|")
	for _, want := range []string{
		"一场关于阅读的实验|", "这是一段普通的正文，插入的文字紧随其后。删除处之后的文字。", "批注在这里结束。",
		"脚注示例［1］和尾注示例［2］。", "［1］这是脚注的内容。", "［2］这是尾注的内容。", "男　120　合计两行",
		"文本框：正文继续。|文本框里的文字。", "嵌套项", "超链接：示例网站", "注音：汉字（hànzì）。符号字体：α β π，☺。",
		"分节之后的两栏文字。", "分页之后的段落，含〇和２０２６年", "制表符 之后，软回车之后",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in %q", want, text)
		}
	}
	for _, not := range []string{"被删除", "这是一条批注", "PAGE", "DATE", "<", "hànzì）（"} {
		if strings.Contains(text, not) {
			t.Errorf("%q in %q", not, text)
		}
	}
}
