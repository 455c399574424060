"""Words for synthetic content, each with its Spanish and Chinese counterpart, so that a generated
sentence has a translation of realistic length in both translation languages (a word-for-word
gloss: the sizes are real, the grammar is not)."""

# (English, Spanish, Simplified Chinese)
NOUNS = [
    ("city", "ciudad", "城市"),
    ("heritage", "patrimonio", "遗产"),
    ("tourism", "turismo", "旅游"),
    ("economy", "economía", "经济"),
    ("culture", "cultura", "文化"),
    ("market", "mercado", "市场"),
    ("river", "río", "河流"),
    ("temple", "templo", "寺庙"),
    ("festival", "festival", "节日"),
    ("museum", "museo", "博物馆"),
    ("harbour", "puerto", "港口"),
    ("valley", "valle", "山谷"),
    ("craft", "artesanía", "手工艺"),
    ("cuisine", "gastronomía", "美食"),
    ("province", "provincia", "省份"),
    ("district", "distrito", "区域"),
    ("community", "comunidad", "社区"),
    ("visitor", "visitante", "游客"),
    ("network", "red", "网络"),
    ("partner", "socio", "伙伴"),
    ("programme", "programa", "项目"),
    ("policy", "política", "政策"),
    ("recovery", "recuperación", "复苏"),
    ("innovation", "innovación", "创新"),
    ("knowledge", "conocimiento", "知识"),
    ("cooperation", "cooperación", "合作"),
    ("architecture", "arquitectura", "建筑"),
    ("landscape", "paisaje", "景观"),
    ("tradition", "tradición", "传统"),
    ("square", "plaza", "广场"),
    ("garden", "jardín", "园林"),
    ("wall", "muralla", "城墙"),
    ("bridge", "puente", "桥梁"),
    ("canal", "canal", "运河"),
    ("mountain", "montaña", "山脉"),
    ("coast", "costa", "海岸"),
    ("village", "pueblo", "村庄"),
    ("centre", "centro", "中心"),
    ("industry", "industria", "产业"),
    ("workshop", "taller", "研讨会"),
]
ADJECTIVES = [
    ("historic", "histórico", "历史悠久的"),
    ("ancient", "antiguo", "古老的"),
    ("sustainable", "sostenible", "可持续的"),
    ("creative", "creativo", "创意的"),
    ("digital", "digital", "数字的"),
    ("local", "local", "本地的"),
    ("national", "nacional", "国家级的"),
    ("cultural", "cultural", "文化的"),
    ("vibrant", "vibrante", "充满活力的"),
    ("green", "verde", "绿色的"),
    ("coastal", "costero", "沿海的"),
    ("regional", "regional", "地区的"),
    ("new", "nuevo", "新的"),
    ("famous", "famoso", "著名的"),
    ("traditional", "tradicional", "传统的"),
]
VERBS = [
    ("protects", "protege", "保护"),
    ("promotes", "promueve", "促进"),
    ("welcomes", "recibe", "欢迎"),
    ("connects", "conecta", "连接"),
    ("celebrates", "celebra", "庆祝"),
    ("supports", "apoya", "支持"),
    ("develops", "desarrolla", "发展"),
    ("shares", "comparte", "分享"),
    ("restores", "restaura", "修复"),
    ("attracts", "atrae", "吸引"),
]
JOINERS = [
    ("and", "y", "和"),
    ("with", "con", "与"),
    ("for", "para", "为"),
    ("of", "de", "的"),
    ("in", "en", "在"),
]
SYLLABLES = ["an", "bel", "cor", "da", "el", "fen", "gua", "hua", "jin", "la", "mar", "no", "ri"]
SYLLABLES += ["qua", "san", "ta", "ve", "xi", "yan", "zan", "po", "mo", "lu", "che", "ter", "vi"]

LANGUAGES = ("en", "es", "zh-hans")
