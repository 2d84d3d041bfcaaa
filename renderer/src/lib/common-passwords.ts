// The most common passwords and words in leaked-password lists (a few hundred; lower case). A
// passphrase that is one of these, or one of these with digits or symbols around it, is weak no
// matter how long the list-based estimate says it is.
const LIST = `123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123
football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael 654321
superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer zxcvbnm asdfgh hunter
buster soccer harley batman andrew tigger sunshine iloveyou 2000 charlie robert thomas hockey ranger daniel
starwars klaster 112233 george computer michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom
777777 pass maggie 159753 aaaaaa ginger princess joshua cheese amanda summer love ashley nicole chelsea
biteme matthew access yankees 987654321 dallas austin thunder taylor matrix mobilemail mom monitor monitoring
montana moon moscow william corvette hello martin heather secret merlin diamond 1234qwer gfhjkm hammer
silver 222222 88888888 anthony justin test bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer
cookie richard samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro
peanut morgan welcome falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota arsenal
eagles melissa boomer booboo spider nascar monster tigers yellow xxxxxx 123123123 gateway marina diablo
bulldog qwer1234 compaq purple hardcore banana junior hannah 123654 porsche lakers iceman money cowboys
987654 london tennis 999999 ncc1701 coffee scooby 0000 miller boston q1w2e3r4 brandon yamaha chester mother
forever johnny edward 333333 oliver redsox player nikita knight fender barney midnight please brandy chicago
badboy slayer rangers charles angel flower bigdaddy rabbit wizard bear jasper enter rachel chris steven
winner adidas victoria natasha 1q2w3e4r jasmine winter prince panties marine ghbdtn fishing cocacola casper
james 232323 raiders 888888 marlboro gandalf asdfasdf crystal 87654321 12344321 golden 8675309 sexy
abcdef abcd1234 password1 password123 passw0rd p@ssw0rd p@ssword admin admin123 administrator root toor
changeme default guest login qwerty123 qwerty1 1q2w3e 1qaz2wsx3edc zaq12wsx zaq1zaq1 asdf asdf1234
letmein1 welcome1 welcome123 iloveyou1 princess1 sunshine1 football1 monkey1 shadow1 master1 dragon1
lovely babygirl angel1 jesus christ 654321a aa123456 qwe123 qweasd qweasdzxc 1qazxsw2 azerty azertyuiop
motdepasse passwort hallo123 schatz ciao123 contraseña senha 123mudar lifeboat backup archive microsoft
google outlook onedrive windows linux apple samsung123 secret123 test123 test1234 demo demo123 user
user123 temp temp123 hello123 summer2024 winter2024 spring2024 autumn2024 summer2025 winter2025
spring2025 autumn2025 summer2026 winter2026 january february march april may june july august september
october november december monday tuesday wednesday thursday friday saturday sunday correcthorsebatterystaple
trustno1! letmein! passpass password! iloveyou! 1234abcd abcd abc 123abc a1b2c3 a1b2c3d4 aaaaaaaa
qqqqqq zzzzzz 1111111111 0987654321 147258369 963852741 741852963 159357 147258 258456 789456 456789
football123 baseball1 superman1 batman1 pokemon minecraft roblox fortnite naruto hunter2 starwars1`;

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split(/\s+/).filter(Boolean));
