package issue

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A .txt article's byline is a short line before the body that names its
// author. By its shape, not its length alone, so that a short opening
// paragraph ("春天来了") is not taken for one:
//
//   - it has a byline word: 文/ 文： 作者 记者 通讯员 撰文 撰稿 摄影 图/ 口述
//     整理 编译 本刊 特约 (本刊记者 李红, 文/张明, 通讯员 王芳 摄);
//   - or its last word, after a space, is a name: two to four hanzi starting
//     with a common surname (组织部长 宋波, 张三 李四);
//   - or it is such a name alone (欧阳建国);
//   - or it names an organisation as the author: its last word ends in 部 委
//     局 厅 办 处 院 会 中心 办公室 课题组 调研组 编辑部 报社 (之江市委组织部).

// bylineWords mark a byline wherever they stand.
var bylineWords = []string{"文/", "文／", "文:", "文：", "作者", "记者", "通讯员", "撰文", "撰稿", "摄影", "图/", "图／", "口述", "整理", "编译", "本刊", "特约"}

// surnames are the common Chinese surnames (the first hundred or so of the
// 2020 census, and compound ones), enough to tell a name from a phrase.
const surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"

var compoundSurnames = []string{"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "西门", "南宫", "独孤"}

// looksLikeByline reports whether line has the shape of a byline.
func looksLikeByline(line string) bool {
	for _, w := range bylineWords {
		if strings.Contains(line, w) {
			return true
		}
	}
	fields := strings.FieldsFunc(line, func(r rune) bool { return unicode.IsSpace(r) || r == '、' })
	if len(fields) == 0 {
		return false
	}
	last := fields[len(fields)-1]
	if isName(last) {
		return true
	}
	for _, s := range orgSuffixes {
		if strings.HasSuffix(last, s) && utf8.RuneCountInString(last) > utf8.RuneCountInString(s)+1 {
			return true
		}
	}
	return false
}

// orgSuffixes end the names of organisations that sign articles.
var orgSuffixes = []string{"部", "委", "局", "厅", "办", "处", "院", "会", "中心", "办公室", "课题组", "调研组", "编辑部", "报社", "杂志社"}

// isName: two to four hanzi starting with a common surname.
func isName(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 4 {
		return false
	}
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	for _, c := range compoundSurnames {
		if strings.HasPrefix(s, c) && n >= 3 {
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune(surnames, r)
}
