#!/bin/sh
# Regenerates every capture in this folder (run from this folder).
set -e
F="ffmpeg -hide_banner -loglevel error -y"
V="-f lavfi -i testsrc2=size=320x240:rate=25"
A="-f lavfi -i sine=frequency=440:sample_rate=48000"
$F $V -t 1 -c:v libx264 -profile:v baseline -level 3.0 -bf 0 -f h264 h264_baseline.h264
$F -f lavfi -i testsrc2=size=330x250:rate=25 -t 2 -c:v libx264 -profile:v high -level 4.1 -bf 2 -x264-params keyint=25 -pix_fmt yuv420p h264_bf2.mp4
$F -i h264_bf2.mp4 -c copy -f h264 h264_bf2.h264
ffprobe -v error -select_streams v -show_entries packet=pts,dts,flags -of csv=p=0 h264_bf2.mp4 > h264_bf2.packets.csv
python3 -c "import sys;d=open('h264_bf2.mp4','rb').read();i=d.index(b'avcC');n=int.from_bytes(d[i-4:i],'big');open('h264_bf2.avcC','wb').write(d[i+4:i-4+n])"
rm h264_bf2.mp4
$F -f lavfi -i testsrc2=size=330x250:rate=25 -t 1 -c:v libx265 -x265-params log-level=none:bframes=3:keyint=25 -pix_fmt yuv420p10le h265_bf.mp4
$F -i h265_bf.mp4 -c copy -f hevc h265_main10.h265
ffprobe -v error -select_streams v -show_entries packet=pts,dts,flags -of csv=p=0 h265_bf.mp4 > h265_main10.packets.csv
python3 -c "import sys;d=open('h265_bf.mp4','rb').read();i=d.index(b'hvcC');n=int.from_bytes(d[i-4:i],'big');open('h265_main10.hvcC','wb').write(d[i+4:i-4+n])"
rm h265_bf.mp4
$F $V -t 1 -c:v libsvtav1 -preset 12 -svtav1-params keyint=25 -f obu av1.obu
$F $V -t 1 -c:v libvpx-vp9 -b:v 200k -deadline realtime -f ivf vp9.ivf
$F $V -t 1 -c:v mpeg4 -q:v 10 -g 12 -bf 0 -f m4v mpeg4.m4v
$F $V -t 1 -c:v mpeg2video -q:v 10 -g 12 -f mpeg2video mpeg2.m2v
$F $A -ac 2 -t 1 -c:a aac -b:a 64k -f adts aac.adts
$F -f lavfi -i sine=frequency=440:sample_rate=22050 -ac 1 -t 1 -c:a aac -b:a 32k -f latm aac.latm
$F $A -ac 2 -t 1 -c:a libopus -b:a 32k -frame_duration 20 -f ogg opus20.ogg
$F $A -ac 1 -t 1 -c:a libopus -b:a 32k -frame_duration 60 -f ogg opus60.ogg
$F -f lavfi -i sine=frequency=440:sample_rate=44100 -ac 2 -t 1 -c:a libmp3lame -b:a 64k -write_xing 0 -id3v2_version 0 -f mp3 mp3.mp3
$F -f lavfi -i sine=frequency=440:sample_rate=24000 -ac 1 -t 1 -c:a libmp3lame -b:a 32k -write_xing 0 -id3v2_version 0 -f mp3 mp3_v2.mp3
$F $A -ac 2 -t 1 -c:a mp2 -b:a 128k -f mp2 mp2.mp2
$F $A -af "pan=5.1|c0=c0|c1=c0|c2=c0|c3=c0|c4=c0|c5=c0" -t 0.5 -c:a ac3 -b:a 192k -f ac3 ac3_51.ac3
$F $A -ac 2 -t 0.5 -c:a eac3 -b:a 96k -f eac3 eac3.eac3
$F -i av1.obu -c copy -f mp4 av1.mp4
python3 -c "d=open('av1.mp4','rb').read();i=d.index(b'av1C');n=int.from_bytes(d[i-4:i],'big');open('av1.av1C','wb').write(d[i+4:i-4+n])"
rm av1.mp4
