/** Realistic documents for the CLI tests: a secret notice, a news item, a contact roster. */

/** A notice carrying a state-secret marking in the GB/T 9704 position: exit 2 (block). */
export const SECRET_NOTICE = `000012
机密★5年
特急

滨江市发展和改革委员会文件

滨发改〔2024〕15号

关于做好2024年度重点项目调度工作的通知

各区县发展改革局，市直有关单位：
    为做好全年重点项目调度工作，确保项目按期建成投产，现将有关事项通知如下。
    一、各单位于每月5日前报送项目进展情况。
    二、对进度滞后的项目，由牵头单位提出整改措施。

滨江市发展和改革委员会
2024年3月8日
`;

/** A public news item: passes. */
export const NEWS = `市图书馆开展“世界读书日”系列阅读推广活动

本报讯 4月23日是第29个世界读书日。当天上午，市图书馆在一楼大厅举办“书香满城”主题活动，
邀请本地作家与读者面对面交流，并向中小学生赠送图书两千余册。活动现场还设置了古籍修复展示区，
吸引众多市民驻足观看。据介绍，今年全馆计划开展各类阅读推广活动120余场。
`;

/** A second public item: passes. */
export const NEWS2 = `我市举办2024年全民健身运动会

5月18日，2024年全民健身运动会在市体育中心开幕。本届运动会设置田径、游泳、乒乓球等12个大项，
全市各区县和行业系统共3200余名运动员参赛。运动会将持续至6月底，所有比赛向市民免费开放。
`;

/** A roster with personal phone numbers and an e-mail address: review. */
export const ROSTER = `2024年春季运动会工作人员联系表

组长：李明  联系电话：13812345678
副组长：王芳  联系电话：13987654321
后勤保障：赵强  电子邮箱：zhaoqiang@example.com
`;

/** Minutes mentioning an internal project code name that a user dictionary lists. */
export const MINUTES_WITH_CODENAME = `信息中心第三季度工作例会纪要

时间：2024年9月12日下午
地点：办公楼三楼会议室
会议听取了青鸾工程二期建设进展汇报，要求各科室按计划推进数据迁移工作，
并于10月底前完成系统联调。
`;
